package io.baedal.query.notification;

import io.baedal.coreapi.order.CustomerId;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderPlacedEvent;
import io.baedal.platform.logging.LogFields;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends each notification to the customer, live only, from a processing group of its own. Nothing
 * that rebuilds or repairs the notifications view sends a message again: a replay of that view and
 * the retry of one of its dead letters run the view's handlers, not this one. This group cannot be
 * replayed ({@link DisallowReplay}) and starts at the head of the event stream
 * ({@link NotificationDispatchStartsAtTheHead}). A message it sends twice all the same (its batch
 * sent and then failed to commit, or a crash) carries the same idempotency key, the event's id, and
 * the provider delivers it once.
 *
 * <p>Only the order's placement, its first event, names the customer. The dispatcher reads it from
 * the event store, not from the view's tables: the view follows the events on its own processor, a
 * step behind or ahead of this one, and a replay empties it.
 */
@Component
@ProcessingGroup(NotificationDispatcher.GROUP)
@DisallowReplay
class NotificationDispatcher {

    static final String GROUP = "notification-dispatch";
    private static final Logger log = LoggerFactory.getLogger(NotificationDispatcher.class);

    /** Orders remembered at most; past that the memory starts again (it only saves reads of the store). */
    private static final int RECIPIENTS_REMEMBERED = 10_000;

    private final NotificationSender sender;
    private final EventStore events;
    /**
     * The customer of each order seen lately: an order's customer never changes, and without this
     * each of an order's notifications read the order's events again.
     */
    private final Map<OrderId, CustomerId> recipients = new ConcurrentHashMap<>();

    NotificationDispatcher(NotificationSender sender, EventStore events) {
        this.sender = sender;
        this.events = events;
    }

    @EventHandler
    void on(Object event, @MessageIdentifier String eventId) {
        Notification.of(event).ifPresent(notification -> recipientOf(event, notification)
                .ifPresent(customer -> sender.send(customer, notification, "notification:" + eventId)));
    }

    private Optional<CustomerId> recipientOf(Object event, Notification notification) {
        if (event instanceof OrderPlacedEvent placed) {
            remember(placed.orderId(), placed.customerId());
            return Optional.of(placed.customerId());
        }
        CustomerId known = recipients.get(notification.orderId());
        if (known != null) {
            return Optional.of(known);
        }
        // From the order's first event on: a snapshot would not name the customer.
        Optional<CustomerId> customer = events.readEvents(notification.orderId().value(), 0).asStream()
                .findFirst()
                .map(first -> first.getPayload() instanceof OrderPlacedEvent placed ? placed.customerId() : null);
        customer.ifPresent(found -> remember(notification.orderId(), found));
        if (customer.isEmpty()) {
            LogFields.order(log.atWarn(), notification.orderId())
                    .addKeyValue(LogFields.EVENT, "notification_recipient_unknown")
                    .log("No placement of order {} in the event store: its notification is not sent",
                            notification.orderId());
        }
        return customer;
    }

    private void remember(OrderId order, CustomerId customer) {
        if (recipients.size() >= RECIPIENTS_REMEMBERED) {
            recipients.clear();
        }
        recipients.put(order, customer);
    }
}
