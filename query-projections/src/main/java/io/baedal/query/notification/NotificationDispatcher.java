package io.baedal.query.notification;

import io.baedal.coreapi.order.CustomerId;
import io.baedal.coreapi.order.OrderPlacedEvent;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.springframework.stereotype.Component;

/**
 * Sends each notification to the customer, live only: a replay of the notifications group
 * rebuilds the list but never sends a message twice.
 */
@Component
@ProcessingGroup(NotificationProjection.GROUP)
@DisallowReplay
class NotificationDispatcher {

    private final NotificationSender sender;
    private final RecipientRepository recipients;

    NotificationDispatcher(NotificationSender sender, RecipientRepository recipients) {
        this.sender = sender;
        this.recipients = recipients;
    }

    @EventHandler
    void on(Object event, @MessageIdentifier String eventId) {
        Notification.of(event).ifPresent(notification -> recipientOf(event, notification)
                .ifPresent(customer -> sender.send(customer, notification, "notification:" + eventId)));
    }

    private Optional<CustomerId> recipientOf(Object event, Notification notification) {
        if (event instanceof OrderPlacedEvent placed) {
            return Optional.of(placed.customerId());
        }
        return recipients.findById(notification.orderId().value()).map(r -> new CustomerId(r.customerId()));
    }
}
