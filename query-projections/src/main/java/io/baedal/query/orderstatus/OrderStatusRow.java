package io.baedal.query.orderstatus;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.delivery.DeliveryId;
import io.baedal.coreapi.delivery.RiderId;
import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.kitchen.TicketId;
import io.baedal.coreapi.order.CustomerId;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderLine;
import io.baedal.coreapi.order.OrderPlacedEvent;
import io.baedal.coreapi.order.OrderReason;
import io.baedal.coreapi.order.OrderStatus;
import io.baedal.coreapi.order.OrderStatusView;
import io.baedal.coreapi.order.OrderStatusView.TimelineEntry;
import io.baedal.coreapi.payment.PaymentId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One order of the order-status view (a row of {@code order_status_view} with its lines and
 * timeline). Changes from the order's own events are applied once each (by their sequence number);
 * ids from other contexts are applied when they change. Either way {@code version} grows by exactly
 * one per visible change. It remembers what it holds that is not stored yet, for
 * {@link OrderStatusTable#write}.
 */
final class OrderStatusRow {

    enum IdField { PAYMENT, TICKET, DELIVERY, RIDER }

    final String orderId;
    final String customerId;
    final String restaurantId;
    final List<OrderLine> items;
    final Money total;
    final Instant placedAt;
    OrderStatus status;
    OrderReason reason;
    String paymentId;
    String ticketId;
    String deliveryId;
    String riderId;
    final List<TimelineEntry> timeline;
    Instant statusChangedAt;
    Instant updatedAt;
    long version;
    long lastOrderSequence;

    /** Whether the order is in the table, with how many timeline entries, and changed since it was read or written. */
    boolean inTable;
    int storedTimeline;
    boolean changed;

    OrderStatusRow(String orderId, String customerId, String restaurantId, List<OrderLine> items, Money total,
                   Instant placedAt, List<TimelineEntry> timeline) {
        this.orderId = orderId;
        this.customerId = customerId;
        this.restaurantId = restaurantId;
        this.items = items;
        this.total = total;
        this.placedAt = placedAt;
        this.timeline = timeline;
    }

    static OrderStatusRow placed(OrderPlacedEvent event, long sequence, Instant at) {
        Instant time = stored(at);
        OrderStatusRow row = new OrderStatusRow(event.orderId().value(), event.customerId().value(),
                event.restaurantId().value(), List.copyOf(event.lines()), event.total(), time, new ArrayList<>());
        row.lastOrderSequence = sequence;
        row.moveTo(OrderStatus.PAYMENT_PENDING, time);
        return row;
    }

    /** Whether an event of the order itself, with this sequence number, is still to be applied. */
    boolean isNew(long orderSequence) {
        return orderSequence > lastOrderSequence;
    }

    void moveTo(OrderStatus newStatus, OrderReason newReason, long orderSequence, Instant at) {
        lastOrderSequence = orderSequence;
        if (newReason != null) {
            reason = newReason;
        }
        moveTo(newStatus, stored(at));
    }

    private void moveTo(OrderStatus newStatus, Instant at) {
        status = newStatus;
        statusChangedAt = at;
        timeline.add(new TimelineEntry(newStatus, at));
        changed(at);
    }

    /** Sets one of the ids that other contexts add; true if that changed the view. */
    boolean assign(IdField field, String value, Instant at) {
        String current = switch (field) {
            case PAYMENT -> paymentId;
            case TICKET -> ticketId;
            case DELIVERY -> deliveryId;
            case RIDER -> riderId;
        };
        if (Objects.equals(current, value)) {
            return false;
        }
        switch (field) {
            case PAYMENT -> paymentId = value;
            case TICKET -> ticketId = value;
            case DELIVERY -> deliveryId = value;
            case RIDER -> riderId = value;
        }
        changed(stored(at));
        return true;
    }

    private void changed(Instant at) {
        updatedAt = at;
        version++;
        changed = true;
    }

    /** As it is now in the table. */
    void written() {
        inTable = true;
        storedTimeline = timeline.size();
        changed = false;
    }

    /** As PostgreSQL keeps it (microseconds), so that a view emitted now equals the one read later. */
    private static Instant stored(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    OrderStatusView toView() {
        return new OrderStatusView(new OrderId(orderId), new CustomerId(customerId), new RestaurantId(restaurantId),
                items, total, status, status.label(),
                paymentId == null ? null : new PaymentId(paymentId),
                ticketId == null ? null : new TicketId(ticketId),
                deliveryId == null ? null : new DeliveryId(deliveryId),
                riderId == null ? null : new RiderId(riderId),
                reason, List.copyOf(timeline), placedAt, version);
    }
}
