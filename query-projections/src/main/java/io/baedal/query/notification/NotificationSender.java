package io.baedal.query.notification;

import io.baedal.coreapi.order.CustomerId;

/** Port to whatever delivers messages to customers (a messenger, push, SMS). */
public interface NotificationSender {

    /**
     * Delivers the notification. {@code idempotencyKey} is the same each time this notification
     * is sent (the event's id): after a crash the dispatcher sends again what its unfinished batch
     * had sent, and the provider must deliver it once, as payment providers do with charges.
     */
    void send(CustomerId customerId, Notification notification, String idempotencyKey);
}
