package io.baedal.query.orderstatus;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.delivery.DeliveryId;
import io.baedal.coreapi.delivery.RiderId;
import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.kitchen.TicketId;
import io.baedal.coreapi.order.CustomerId;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderPlacedEvent;
import io.baedal.coreapi.order.OrderReason;
import io.baedal.coreapi.order.OrderStatus;
import io.baedal.coreapi.order.OrderStatusView;
import io.baedal.coreapi.payment.PaymentId;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One row of the customer's order-status view. Changes from the order's own events are applied
 * once each (by their sequence number); ids from other contexts are applied when they change.
 * Either way {@code version} grows by exactly one per visible change.
 */
@Entity
@Table(name = "order_status_view")
class OrderStatusEntity {

    @Id
    @Column(name = "order_id", length = 64)
    private String orderId;
    @Column(name = "customer_id", nullable = false, length = 64)
    private String customerId;
    @Column(name = "restaurant_id", nullable = false, length = 64)
    private String restaurantId;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "order_status_item", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "line_no")
    private List<OrderLineColumns> items = new ArrayList<>();
    @Column(name = "total_amount", nullable = false, precision = 19, scale = 4)
    private BigDecimal totalAmount;
    @Column(name = "currency", nullable = false, length = 3)
    private String currency;
    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 32)
    private OrderStatus status;
    @Enumerated(EnumType.STRING)
    @Column(name = "reason", length = 32)
    private OrderReason reason;
    @Column(name = "payment_id", length = 64)
    private String paymentId;
    @Column(name = "ticket_id", length = 64)
    private String ticketId;
    @Column(name = "delivery_id", length = 64)
    private String deliveryId;
    @Column(name = "rider_id", length = 64)
    private String riderId;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "order_status_timeline", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "position")
    private List<TimelineColumns> timeline = new ArrayList<>();
    @Column(name = "placed_at", nullable = false)
    private Instant placedAt;
    /** When the order reached its current status (the event's time, so a replay gives the same). */
    @Column(name = "status_changed_at", nullable = false)
    private Instant statusChangedAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Column(name = "view_version", nullable = false)
    private long version;
    @Column(name = "last_order_sequence", nullable = false)
    private long lastOrderSequence;

    /** JPA needs a no-arg constructor. */
    protected OrderStatusEntity() {
    }

    static OrderStatusEntity placed(OrderPlacedEvent event, long sequence, Instant at) {
        OrderStatusEntity entity = new OrderStatusEntity();
        entity.orderId = event.orderId().value();
        entity.customerId = event.customerId().value();
        entity.restaurantId = event.restaurantId().value();
        event.lines().forEach(line -> entity.items.add(new OrderLineColumns(line)));
        entity.totalAmount = event.total().amount();
        entity.currency = event.total().currency();
        entity.placedAt = at;
        entity.lastOrderSequence = sequence;
        entity.moveTo(OrderStatus.PAYMENT_PENDING, at);
        return entity;
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
        moveTo(newStatus, at);
    }

    private void moveTo(OrderStatus newStatus, Instant at) {
        status = newStatus;
        statusChangedAt = at;
        timeline.add(new TimelineColumns(newStatus, at));
        changed(at);
    }

    enum IdField { PAYMENT, TICKET, DELIVERY, RIDER }

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
        changed(at);
        return true;
    }

    private void changed(Instant at) {
        updatedAt = at;
        version++;
    }

    OrderStatusView toView() {
        return new OrderStatusView(new OrderId(orderId), new CustomerId(customerId), new RestaurantId(restaurantId),
                items.stream().map(OrderLineColumns::toLine).toList(),
                new Money(totalAmount, currency), status, status.label(),
                paymentId == null ? null : new PaymentId(paymentId),
                ticketId == null ? null : new TicketId(ticketId),
                deliveryId == null ? null : new DeliveryId(deliveryId),
                riderId == null ? null : new RiderId(riderId),
                reason,
                timeline.stream().map(TimelineColumns::toEntry).toList(),
                placedAt, version);
    }
}
