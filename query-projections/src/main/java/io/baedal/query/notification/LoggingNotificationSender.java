package io.baedal.query.notification;

import io.baedal.coreapi.order.CustomerId;
import io.baedal.platform.logging.LogFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Default adapter: writes each notification to the log, with the customer and order as fields. */
public class LoggingNotificationSender implements NotificationSender {

    private static final Logger log = LoggerFactory.getLogger(LoggingNotificationSender.class);

    @Override
    public void send(CustomerId customerId, Notification notification) {
        LogFields.order(log.atInfo(), notification.orderId())
                .addKeyValue(LogFields.EVENT, "notification_sent")
                .addKeyValue("customerId", customerId.value())
                .addKeyValue("status", notification.status())
                .log("Notify customer {}: {}", customerId, notification.message());
    }
}
