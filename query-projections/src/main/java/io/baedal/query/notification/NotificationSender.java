package io.baedal.query.notification;

import io.baedal.coreapi.order.CustomerId;

/** Port to whatever delivers messages to customers (a messenger, push, SMS). */
public interface NotificationSender {

    void send(CustomerId customerId, Notification notification);
}
