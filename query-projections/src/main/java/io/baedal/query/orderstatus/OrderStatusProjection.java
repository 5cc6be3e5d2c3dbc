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
import io.baedal.coreapi.order.OrderRelated;
import io.baedal.query.orderstatus.OrderStatusRow.IdField;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The customer's view of each order: status, timeline, the ids of its payment, ticket and
 * delivery, and a version per change. Every change is also emitted to subscription queries, except
 * while the view is replayed.
 *
 * <p>A processor's batch reads the orders its events belong to at once, when its first event needs
 * one, works on them in memory, and writes them just before its transaction commits
 * ({@link OrderStatusTable}): one order's events are spread over many batches, so per event this
 * would be a read and a write of the row and its timeline.
 */
@Component
@ProcessingGroup(OrderStatusProjection.GROUP)
public class OrderStatusProjection {

    public static final String GROUP = "order-status";
    private static final Logger log = LoggerFactory.getLogger(OrderStatusProjection.class);

    private final OrderStatusTable table;
    private final QueryUpdateEmitter emitter;

    OrderStatusProjection(OrderStatusTable table, QueryUpdateEmitter emitter) {
        this.table = table;
        this.emitter = emitter;
    }

    @EventHandler
    void on(OrderPlacedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        Batch batch = batch();
        if (batch.row(event.orderId().value()).isPresent()) {
            return;
        }
        OrderStatusRow order = OrderStatusRow.placed(event, sequence, at);
        batch.rows.put(order.orderId, order);
        publish(order);
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
        table.deleteEverything();
    }

    @QueryHandler
    public Optional<OrderStatusView> handle(FindOrderStatusQuery query) {
        String orderId = query.orderId().value();
        return Optional.ofNullable(table.load(List.of(orderId)).get(orderId)).map(OrderStatusRow::toView);
    }

    @QueryHandler
    public OrderPage handle(FindCustomerOrdersQuery query) {
        OrderStatusTable.Page page = table.page(query.customerId().value(), query.page(), query.size());
        int pages = (int) Math.ceil((double) page.total() / query.size());
        return new OrderPage(page.rows().stream().map(OrderStatusRow::toView).toList(), query.page(), query.size(),
                page.total(), pages);
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

    private Optional<OrderStatusRow> find(OrderId orderId) {
        Optional<OrderStatusRow> order = batch().row(orderId.value());
        if (order.isEmpty()) {
            log.warn("No order-status row for order {}: an event arrived before the order was placed", orderId);
        }
        return order;
    }

    private void publish(OrderStatusRow order) {
        if (replaying()) {
            return;
        }
        OrderStatusView view = order.toView();
        emitter.emit(FindOrderStatusQuery.class, query -> query.orderId().equals(view.orderId()), view);
    }

    /** Nobody waits for the states a replay passes through; the view is read again once it is done. */
    private static boolean replaying() {
        return CurrentUnitOfWork.isStarted() && ReplayToken.isReplay(CurrentUnitOfWork.get().getMessage());
    }

    /** This transaction's orders (a processor's batch): read once, written just before it commits. */
    private Batch batch() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("the order-status view is changed in a transaction only");
        }
        Batch batch = (Batch) TransactionSynchronizationManager.getResource(this);
        if (batch == null) {
            Batch created = new Batch();
            TransactionSynchronizationManager.bindResource(this, created);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    table.write(created.rows.values());
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResource(OrderStatusProjection.this);
                }
            });
            batch = created;
        }
        return batch;
    }

    private final class Batch {

        private final Map<String, OrderStatusRow> rows = new HashMap<>();
        private final Set<String> lookedUp = new HashSet<>();

        /** The order, read from the table with every other order of the processor's batch if not yet read. */
        Optional<OrderStatusRow> row(String orderId) {
            if (!lookedUp.contains(orderId)) {
                Set<String> ids = new HashSet<>(ordersOfTheBatch());
                ids.add(orderId);
                ids.removeAll(lookedUp);
                rows.putAll(table.load(ids));
                lookedUp.addAll(ids);
            }
            return Optional.ofNullable(rows.get(orderId));
        }
    }

    /** The orders the events of the processor's current batch belong to (none outside a processor). */
    private static Collection<String> ordersOfTheBatch() {
        if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?> batch) {
            return batch.getMessages().stream()
                    .filter(message -> OrderRelated.class.isAssignableFrom(message.getPayloadType()))
                    .map(message -> ((OrderRelated) message.getPayload()).orderId().value())
                    .toList();
        }
        return List.of();
    }
}
