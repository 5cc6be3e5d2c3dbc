package io.baedal.query.notification;

import io.baedal.coreapi.order.CustomerId;
import io.baedal.platform.logging.LogFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Default adapter, a simulated provider: "delivers" each notification by writing it to the log,
 * with the customer and order as fields. Like a real provider it remembers idempotency keys
 * (table {@code notification_delivery}, in a transaction of its own: the provider's memory does not
 * roll back with our batch), so a notification sent again after a crash is delivered once.
 */
public class LoggingNotificationSender implements NotificationSender {

    private static final Logger log = LoggerFactory.getLogger(LoggingNotificationSender.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;

    public LoggingNotificationSender(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public void send(CustomerId customerId, Notification notification, String idempotencyKey) {
        Integer remembered = ownTransaction.execute(status -> jdbc.update(
                "INSERT INTO notification_delivery (idempotency_key) VALUES (?) ON CONFLICT DO NOTHING", idempotencyKey));
        if (remembered == null || remembered == 0) {
            LogFields.order(log.atInfo(), notification.orderId())
                    .addKeyValue(LogFields.EVENT, "notification_already_delivered")
                    .addKeyValue("idempotencyKey", idempotencyKey)
                    .log("Notification {} was delivered before; not again", idempotencyKey);
            return;
        }
        LogFields.order(log.atInfo(), notification.orderId())
                .addKeyValue(LogFields.EVENT, "notification_sent")
                .addKeyValue("customerId", customerId.value())
                .addKeyValue("status", notification.status())
                .addKeyValue("idempotencyKey", idempotencyKey)
                .log("Notify customer {}: {}", customerId, notification.message());
    }
}
