package io.baedal.query.orderstatus;

import io.baedal.coreapi.delivery.DeliveryClaimedEvent;
import io.baedal.coreapi.delivery.DeliveryCreatedEvent;
import io.baedal.coreapi.kitchen.TicketCreatedEvent;
import io.baedal.coreapi.order.FindCustomerOrdersQuery;
import io.baedal.coreapi.order.FindOrderStatusQuery;
import io.baedal.coreapi.order.OrderAcceptedEvent;
import io.baedal.coreapi.order.OrderCancellationRejectedEvent;
import io.baedal.coreapi.order.OrderCancellationRequestedEvent;
import io.baedal.coreapi.order.OrderCancelledEvent;
import io.baedal.coreapi.order.OrderCookingStartedEvent;
import io.baedal.coreapi.order.OrderDeliveredEvent;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderMarkedReadyForPickupEvent;
import io.baedal.coreapi.order.OrderPage;
import io.baedal.coreapi.order.OrderPaidEvent;
import io.baedal.coreapi.order.OrderPaymentRetryScheduledEvent;
import io.baedal.coreapi.order.OrderPickedUpEvent;
import io.baedal.coreapi.order.OrderPlacedEvent;
import io.baedal.coreapi.order.OrderReason;
import io.baedal.coreapi.order.OrderRejectedEvent;
import io.baedal.coreapi.order.OrderStatus;
import io.baedal.coreapi.order.OrderStatusView;
import io.baedal.coreapi.payment.PaymentRequestedEvent;
import io.baedal.query.orderstatus.OrderStatusEntity.IdField;
import java.time.Instant;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;

/**
 * The customer's view of each order: status, timeline, the ids of its payment, ticket and
 * delivery, and a version per change. Every change is also emitted to subscription queries.
 */
@Component
@ProcessingGroup(OrderStatusProjection.GROUP)
public class OrderStatusProjection {

    public static final String GROUP = "order-status";
    private static final Logger log = LoggerFactory.getLogger(OrderStatusProjection.class);

    private final OrderStatusRepository orders;
    private final QueryUpdateEmitter emitter;

    OrderStatusProjection(OrderStatusRepository orders, QueryUpdateEmitter emitter) {
        this.orders = orders;
        this.emitter = emitter;
    }

    @EventHandler
    void on(OrderPlacedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        // findById looks in the batch's persistence context first; existsById would flush every
        // pending change of the batch before its query (measured: the view's main cost under load).
        if (orders.findById(event.orderId().value()).isPresent()) {
            return;
        }
        publish(orders.save(OrderStatusEntity.placed(event, sequence, at)));
    }

    @EventHandler
    void on(OrderPaymentRetryScheduledEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        move(event.orderId(), OrderStatus.PAYMENT_RETRYING, null, sequence, at);
    }

    @EventHandler
    void on(OrderPaidEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        move(event.orderId(), OrderStatus.PAID, null, sequence, at);
    }

    @EventHandler
    void on(OrderAcceptedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        move(event.orderId(), OrderStatus.ACCEPTED, null, sequence, at);
    }

    @EventHandler
    void on(OrderCookingStartedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        move(event.orderId(), OrderStatus.COOKING, null, sequence, at);
    }

    @EventHandler
    void on(OrderMarkedReadyForPickupEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        move(event.orderId(), OrderStatus.READY_FOR_PICKUP, null, sequence, at);
    }

    @EventHandler
    void on(OrderPickedUpEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        move(event.orderId(), OrderStatus.PICKED_UP, null, sequence, at);
    }

    @EventHandler
    void on(OrderDeliveredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        move(event.orderId(), OrderStatus.DELIVERED, null, sequence, at);
    }

    @EventHandler
    void on(OrderCancellationRequestedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        move(event.orderId(), OrderStatus.CANCELLATION_REQUESTED, null, sequence, at);
    }

    @EventHandler
    void on(OrderCancellationRejectedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        move(event.orderId(), event.restoredStatus(), null, sequence, at);
    }

    @EventHandler
    void on(OrderCancelledEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        move(event.orderId(), OrderStatus.CANCELLED, event.reason(), sequence, at);
    }

    @EventHandler
    void on(OrderRejectedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        move(event.orderId(), OrderStatus.REJECTED, event.reason(), sequence, at);
    }

    @EventHandler
    void on(PaymentRequestedEvent event, @Timestamp Instant at) {
        assign(event.orderId(), IdField.PAYMENT, event.paymentId().value(), at);
    }

    @EventHandler
    void on(TicketCreatedEvent event, @Timestamp Instant at) {
        assign(event.orderId(), IdField.TICKET, event.ticketId().value(), at);
    }

    @EventHandler
    void on(DeliveryCreatedEvent event, @Timestamp Instant at) {
        assign(event.orderId(), IdField.DELIVERY, event.deliveryId().value(), at);
    }

    @EventHandler
    void on(DeliveryClaimedEvent event, @Timestamp Instant at) {
        assign(event.orderId(), IdField.RIDER, event.riderId().value(), at);
    }

    @ResetHandler
    void reset() {
        orders.deleteEverything();
    }

    @QueryHandler
    public Optional<OrderStatusView> handle(FindOrderStatusQuery query) {
        return orders.findById(query.orderId().value()).map(OrderStatusEntity::toView);
    }

    @QueryHandler
    public OrderPage handle(FindCustomerOrdersQuery query) {
        Page<OrderStatusEntity> page = orders.findByCustomerId(query.customerId().value(),
                PageRequest.of(query.page(), query.size(),
                        Sort.by(Sort.Order.desc("placedAt"), Sort.Order.desc("orderId"))));
        return new OrderPage(page.map(OrderStatusEntity::toView).getContent(), query.page(), query.size(),
                page.getTotalElements(), page.getTotalPages());
    }

    private void move(OrderId orderId, OrderStatus status, OrderReason reason, long sequence, Instant at) {
        find(orderId)
                .filter(order -> order.isNew(sequence))
                .ifPresent(order -> {
                    order.moveTo(status, reason, sequence, at);
                    publish(order);
                });
    }

    private void assign(OrderId orderId, IdField field, String value, Instant at) {
        find(orderId)
                .filter(order -> order.assign(field, value, at))
                .ifPresent(this::publish);
    }

    private Optional<OrderStatusEntity> find(OrderId orderId) {
        Optional<OrderStatusEntity> order = orders.findById(orderId.value());
        if (order.isEmpty()) {
            log.warn("No order-status row for order {}: an event arrived before the order was placed", orderId);
        }
        return order;
    }

    private void publish(OrderStatusEntity order) {
        OrderStatusView view = order.toView();
        emitter.emit(FindOrderStatusQuery.class, query -> query.orderId().equals(view.orderId()), view);
    }
}
