package io.baedal.standalone.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the event store says about one order: the events of the order and of its payment,
 * kitchen ticket and delivery, in the store's order, and the statuses they imply. This is the
 * truth the views and the HTTP answers are checked against.
 */
public final class OrderHistory {

    public static final Set<String> TERMINAL = Set.of("DELIVERED", "CANCELLED", "REJECTED");

    /** The order status each order event leads to (a refused cancellation restores the one in its payload). */
    private static final Map<String, String> ORDER_STATUS = Map.ofEntries(
            Map.entry("OrderPlacedEvent", "PAYMENT_PENDING"),
            Map.entry("OrderPaymentRetryScheduledEvent", "PAYMENT_RETRYING"),
            Map.entry("OrderPaidEvent", "PAID"),
            Map.entry("OrderAcceptedEvent", "ACCEPTED"),
            Map.entry("OrderCookingStartedEvent", "COOKING"),
            Map.entry("OrderMarkedReadyForPickupEvent", "READY_FOR_PICKUP"),
            Map.entry("OrderPickedUpEvent", "PICKED_UP"),
            Map.entry("OrderDeliveredEvent", "DELIVERED"),
            Map.entry("OrderCancellationRequestedEvent", "CANCELLATION_REQUESTED"),
            Map.entry("OrderCancelledEvent", "CANCELLED"),
            Map.entry("OrderRejectedEvent", "REJECTED"));
    private static final String CANCELLATION_REJECTED = "OrderCancellationRejectedEvent";

    /** Ticket events that change the ticket's status; a refused cancellation leaves it as it was. */
    private static final Map<String, String> TICKET_STATUS = Map.of(
            "TicketCreatedEvent", "AWAITING_ACCEPTANCE",
            "TicketAcceptedEvent", "ACCEPTED",
            "TicketRejectedEvent", "REJECTED",
            "CookingStartedEvent", "COOKING",
            "CookingFinishedEvent", "READY",
            "TicketCancelledEvent", "CANCELLED");

    /** Delivery events that change the delivery's status; an escalation leaves it as it was. */
    private static final Map<String, String> DELIVERY_STATUS = Map.of(
            "DeliveryCreatedEvent", "AWAITING_RIDER",
            "DeliveryClaimedEvent", "RIDER_ASSIGNED",
            "DeliveryPickedUpEvent", "PICKED_UP",
            "DeliveryCompletedEvent", "DELIVERED");

    /** Payload fields worth showing when an order's events are listed. */
    private static final List<String> SHOWN_FIELDS = List.of(
            "previousStatus", "restoredStatus", "reason", "status", "attempt", "riderId", "escalation");

    private final String orderId;
    private final List<StoredEvent> events;

    private OrderHistory(String orderId, List<StoredEvent> events) {
        this.orderId = orderId;
        this.events = List.copyOf(events);
    }

    /** The history of one order from events of the store in the store's order; events of other orders are left out. */
    public static OrderHistory of(String orderId, List<StoredEvent> storeEvents) {
        return new OrderHistory(orderId, storeEvents.stream().filter(event -> orderId.equals(event.orderId())).toList());
    }

    public String orderId() {
        return orderId;
    }

    public List<StoredEvent> events() {
        return events;
    }

    /** The status after each event of the order aggregate, in order: what the view's timeline must show. */
    public List<String> timeline() {
        List<String> statuses = new ArrayList<>();
        for (StoredEvent event : events) {
            if (!event.aggregateId().equals(orderId)) {
                continue;
            }
            if (CANCELLATION_REJECTED.equals(event.type())) {
                statuses.add(event.field("restoredStatus"));
            } else if (ORDER_STATUS.containsKey(event.type())) {
                statuses.add(ORDER_STATUS.get(event.type()));
            } else {
                statuses.add("UNKNOWN(" + event.type() + ")");
            }
        }
        return statuses;
    }

    /** The order's status after its last event, or null before it was placed. */
    public String status() {
        List<String> timeline = timeline();
        return timeline.isEmpty() ? null : timeline.get(timeline.size() - 1);
    }

    public boolean terminal() {
        String status = status();
        return status != null && TERMINAL.contains(status);
    }

    /** The reason of the order's cancellation or rejection, or null. */
    public String reason() {
        String reason = null;
        for (StoredEvent event : ofAggregate(orderId)) {
            if (event.type().equals("OrderCancelledEvent") || event.type().equals("OrderRejectedEvent")) {
                reason = event.field("reason");
            }
        }
        return reason;
    }

    /** The status and, for a cancellation or rejection, its reason: {@code REJECTED/ACCEPTANCE_TIMEOUT}. */
    public String outcome() {
        String reason = reason();
        return reason == null ? String.valueOf(status()) : status() + "/" + reason;
    }

    public List<String> paymentIds() {
        return aggregatesCreatedBy("PaymentRequestedEvent");
    }

    public List<String> ticketIds() {
        return aggregatesCreatedBy("TicketCreatedEvent");
    }

    public List<String> deliveryIds() {
        return aggregatesCreatedBy("DeliveryCreatedEvent");
    }

    /** The status of one ticket after its events, or null if it has none. */
    public String ticketStatus(String ticketId) {
        return statusOf(ticketId, TICKET_STATUS);
    }

    public String deliveryStatus(String deliveryId) {
        return statusOf(deliveryId, DELIVERY_STATUS);
    }

    /** The rider who claimed the delivery, or null. */
    public String rider(String deliveryId) {
        return ofAggregate(deliveryId).stream()
                .filter(event -> event.type().equals("DeliveryClaimedEvent"))
                .map(event -> event.field("riderId"))
                .findFirst()
                .orElse(null);
    }

    /** Events of this type, of any of the order's aggregates. */
    public long count(String type) {
        return events.stream().filter(event -> event.type().equals(type)).count();
    }

    public StoredEvent first(String type) {
        return events.stream().filter(event -> event.type().equals(type)).findFirst().orElse(null);
    }

    public Instant lastEventAt() {
        return events.isEmpty() ? Instant.EPOCH : events.get(events.size() - 1).at();
    }

    public List<StoredEvent> ofAggregate(String aggregateId) {
        return events.stream().filter(event -> event.aggregateId().equals(aggregateId)).toList();
    }

    /**
     * The events, one a line, with the time since the order was placed, whose aggregate each is
     * and the payload fields that tell what happened: the interleaving, for a failure message.
     */
    public String describe(String indent) {
        if (events.isEmpty()) {
            return indent + "(no events)";
        }
        Instant start = events.get(0).at();
        StringBuilder text = new StringBuilder();
        for (StoredEvent event : events) {
            text.append(indent)
                    .append(String.format("%+6d ms  %-8s %-32s", Duration.between(start, event.at()).toMillis(),
                            kindOf(event.aggregateId()), event.type()));
            for (String field : SHOWN_FIELDS) {
                String value = event.field(field);
                if (value != null) {
                    text.append(' ').append(field).append('=').append(value);
                }
            }
            text.append('\n');
        }
        return text.toString();
    }

    private String kindOf(String aggregateId) {
        if (aggregateId.equals(orderId)) {
            return "order";
        }
        if (paymentIds().contains(aggregateId)) {
            return "payment";
        }
        if (ticketIds().contains(aggregateId)) {
            return "ticket";
        }
        if (deliveryIds().contains(aggregateId)) {
            return "delivery";
        }
        return "?";
    }

    private List<String> aggregatesCreatedBy(String type) {
        Set<String> ids = new LinkedHashSet<>();
        events.stream().filter(event -> event.type().equals(type)).forEach(event -> ids.add(event.aggregateId()));
        return List.copyOf(ids);
    }

    private String statusOf(String aggregateId, Map<String, String> statusByType) {
        String status = null;
        for (StoredEvent event : ofAggregate(aggregateId)) {
            status = statusByType.getOrDefault(event.type(), status);
        }
        return status;
    }
}
