package io.baedal.query.notification;

import io.baedal.coreapi.order.CustomerNotificationsView;
import io.baedal.coreapi.order.FindCustomerNotificationsQuery;
import io.baedal.coreapi.order.NotificationView;
import io.baedal.coreapi.order.OrderPlacedEvent;
import io.baedal.query.QueryProperties;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;

/**
 * The messages each customer got, one per status change of their orders. Rebuilt on replay; the
 * sending itself is {@link NotificationDispatcher}'s, in a processing group of its own, which
 * neither a replay of this view nor the retry of its dead letters runs.
 */
@Component
@ProcessingGroup(NotificationProjection.GROUP)
public class NotificationProjection {

    public static final String GROUP = "notifications";

    private final NotificationRepository notifications;
    private final RecipientRepository recipients;
    private final Limit limit;

    NotificationProjection(NotificationRepository notifications, RecipientRepository recipients,
                           QueryProperties properties) {
        this.notifications = notifications;
        this.recipients = recipients;
        this.limit = Limit.of(properties.maxListSize());
    }

    /** Every event passes here; {@link Notification#of} picks the ones a customer is told about. */
    @EventHandler
    void on(Object event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (event instanceof OrderPlacedEvent placed && recipients.findById(placed.orderId().value()).isEmpty()) {
            recipients.save(new RecipientEntity(placed.orderId().value(), placed.customerId().value()));
        }
        Notification.of(event)
                .filter(notification -> !notifications.existsByOrderIdAndOrderSequence(notification.orderId().value(), sequence))
                .ifPresent(notification -> recipients.findById(notification.orderId().value())
                        .ifPresent(recipient -> notifications.save(
                                new NotificationEntity(recipient.customerId(), notification, sequence, at))));
    }

    @ResetHandler
    void reset() {
        notifications.deleteEverything();
        recipients.deleteEverything();
    }

    @QueryHandler
    public CustomerNotificationsView handle(FindCustomerNotificationsQuery query) {
        return new CustomerNotificationsView(
                notifications.findByCustomerIdOrderByCreatedAtDescIdDesc(query.customerId().value(), limit).stream()
                        .map(NotificationEntity::toView)
                        .toList());
    }
}
