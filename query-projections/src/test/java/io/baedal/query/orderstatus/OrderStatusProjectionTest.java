package io.baedal.query.orderstatus;

import static io.baedal.query.Events.at;
import static io.baedal.query.Events.deliveryCreated;
import static io.baedal.query.Events.placed;
import static io.baedal.query.Events.ticketCreated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.eventhandling.GenericEventMessage.asEventMessage;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.delivery.DeliveryClaimedEvent;
import io.baedal.coreapi.delivery.DeliveryId;
import io.baedal.coreapi.delivery.RiderId;
import io.baedal.coreapi.kitchen.TicketId;
import io.baedal.coreapi.order.CustomerId;
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
import io.baedal.coreapi.order.OrderReason;
import io.baedal.coreapi.order.OrderRejectedEvent;
import io.baedal.coreapi.order.OrderStatus;
import io.baedal.coreapi.order.OrderStatusView;
import io.baedal.coreapi.payment.PaymentId;
import io.baedal.coreapi.payment.PaymentRequestedEvent;
import io.baedal.query.ProjectionTest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class OrderStatusProjectionTest extends ProjectionTest {

    @Autowired
    OrderStatusProjection projection;
    @Autowired
    QueryGateway queryGateway;

    private OrderId order;
    private CustomerId customer;
    private final PaymentId payment = new PaymentId("p-1");
    private final TicketId ticket = new TicketId("t-1");
    private final DeliveryId delivery = new DeliveryId("d-1");
    private final RiderId rider = new RiderId("rider-1");

    @BeforeEach
    void newOrder() {
        order = new OrderId("o-" + UUID.randomUUID());
        customer = new CustomerId("c-" + UUID.randomUUID());
    }

    private OrderStatusView view() {
        return projection.handle(new FindOrderStatusQuery(order)).orElseThrow();
    }

    private SubscriptionQueryResult<Optional<OrderStatusView>, OrderStatusView> subscribe() {
        return queryGateway.subscriptionQuery(new FindOrderStatusQuery(order),
                ResponseTypes.optionalInstanceOf(OrderStatusView.class), ResponseTypes.instanceOf(OrderStatusView.class));
    }

    private void place() {
        handle(() -> projection.on(placed(order, customer), 0, at(0)));
    }

    @Test
    void aPlacedOrderWaitsForPayment() {
        place();

        OrderStatusView view = view();
        assertThat(view.status()).isEqualTo(OrderStatus.PAYMENT_PENDING);
        assertThat(view.statusLabel()).isEqualTo("Waiting for payment");
        assertThat(view.customerId()).isEqualTo(customer);
        assertThat(view.total()).isEqualTo(Money.of("18000", "KRW"));
        assertThat(view.items()).singleElement().satisfies(line -> assertThat(line.quantity()).isEqualTo(2));
        assertThat(view.timeline()).extracting(OrderStatusView.TimelineEntry::status).containsExactly(OrderStatus.PAYMENT_PENDING);
        assertThat(view.placedAt()).isEqualTo(at(0));
        assertThat(view.version()).isEqualTo(1);
    }

    @Test
    void theHappyPathShowsEveryStatusIdAndTimestamp() {
        place();
        handle(() -> projection.on(new PaymentRequestedEvent(payment, order, Money.of("18000", "KRW"), "tok"), at(1)));
        handle(() -> projection.on(new OrderPaidEvent(order, payment), 1, at(2)));
        handle(() -> projection.on(ticketCreated(ticket, order), at(3)));
        handle(() -> projection.on(new OrderAcceptedEvent(order, ticket), 2, at(4)));
        handle(() -> projection.on(new OrderCookingStartedEvent(order), 3, at(5)));
        handle(() -> projection.on(deliveryCreated(delivery, order, "mapo"), at(6)));
        handle(() -> projection.on(new OrderMarkedReadyForPickupEvent(order, delivery), 4, at(7)));
        handle(() -> projection.on(new DeliveryClaimedEvent(delivery, order, rider), at(8)));
        handle(() -> projection.on(new OrderPickedUpEvent(order, rider), 5, at(9)));
        handle(() -> projection.on(new OrderDeliveredEvent(order), 6, at(10)));

        OrderStatusView view = view();
        assertThat(view.status()).isEqualTo(OrderStatus.DELIVERED);
        assertThat(view.paymentId()).isEqualTo(payment);
        assertThat(view.ticketId()).isEqualTo(ticket);
        assertThat(view.deliveryId()).isEqualTo(delivery);
        assertThat(view.riderId()).isEqualTo(rider);
        assertThat(view.reason()).isNull();
        assertThat(view.timeline()).extracting(OrderStatusView.TimelineEntry::status).containsExactly(
                OrderStatus.PAYMENT_PENDING, OrderStatus.PAID, OrderStatus.ACCEPTED, OrderStatus.COOKING,
                OrderStatus.READY_FOR_PICKUP, OrderStatus.PICKED_UP, OrderStatus.DELIVERED);
        assertThat(view.timeline()).extracting(OrderStatusView.TimelineEntry::at)
                .containsExactly(at(0), at(2), at(4), at(5), at(7), at(9), at(10));
        assertThat(view.version()).isEqualTo(11);
    }

    @Test
    void aRetriedPaymentIsShown() {
        place();
        handle(() -> projection.on(new OrderPaymentRetryScheduledEvent(order, payment, 1), 1, at(1)));

        assertThat(view().status()).isEqualTo(OrderStatus.PAYMENT_RETRYING);
        assertThat(view().statusLabel()).isEqualTo("Payment is being retried");
    }

    @Test
    void anEventDeliveredTwiceChangesTheViewOnce() {
        place();
        OrderPaidEvent paid = new OrderPaidEvent(order, payment);
        handle(() -> projection.on(paid, 1, at(1)));
        handle(() -> projection.on(paid, 1, at(1)));
        handle(() -> projection.on(placed(order, customer), 0, at(0)));

        assertThat(view().timeline()).hasSize(2);
        assertThat(view().version()).isEqualTo(2);
    }

    @Test
    void anIdFromAnotherContextDeliveredTwiceChangesTheViewOnce() {
        place();
        PaymentRequestedEvent requested = new PaymentRequestedEvent(payment, order, Money.of("18000", "KRW"), "tok");
        handle(() -> projection.on(requested, at(1)));
        handle(() -> projection.on(requested, at(1)));

        assertThat(view().paymentId()).isEqualTo(payment);
        assertThat(view().version()).isEqualTo(2);
    }

    @Test
    void aRejectionShowsItsReason() {
        place();
        handle(() -> projection.on(new OrderRejectedEvent(order, OrderReason.PAYMENT_DECLINED), 1, at(1)));

        assertThat(view().status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(view().reason()).isEqualTo(OrderReason.PAYMENT_DECLINED);
    }

    @Test
    void aCancellationGoesThroughRequestedToCancelled() {
        place();
        handle(() -> projection.on(new OrderCancellationRequestedEvent(order, OrderStatus.PAYMENT_PENDING, "late"), 1, at(1)));
        assertThat(view().status()).isEqualTo(OrderStatus.CANCELLATION_REQUESTED);

        handle(() -> projection.on(new OrderCancelledEvent(order, OrderReason.CUSTOMER_CANCELLED), 2, at(2)));
        assertThat(view().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(view().reason()).isEqualTo(OrderReason.CUSTOMER_CANCELLED);
    }

    @Test
    void aRejectedCancellationRestoresTheStatusBefore() {
        place();
        handle(() -> projection.on(new OrderPaidEvent(order, payment), 1, at(1)));
        handle(() -> projection.on(new OrderAcceptedEvent(order, ticket), 2, at(2)));
        handle(() -> projection.on(new OrderCancellationRequestedEvent(order, OrderStatus.ACCEPTED, "late"), 3, at(3)));
        handle(() -> projection.on(new OrderCancellationRejectedEvent(order, OrderStatus.ACCEPTED), 4, at(4)));

        assertThat(view().status()).isEqualTo(OrderStatus.ACCEPTED);
        assertThat(view().timeline()).extracting(OrderStatusView.TimelineEntry::status).endsWith(
                OrderStatus.CANCELLATION_REQUESTED, OrderStatus.ACCEPTED);
    }

    @Test
    void anEventForAnUnknownOrderIsIgnored() {
        handle(() -> projection.on(new OrderPaidEvent(order, payment), 1, at(1)));

        assertThat(projection.handle(new FindOrderStatusQuery(order))).isEmpty();
    }

    @Test
    void aCustomersOrdersArePagedNewestFirst() {
        OrderId first = new OrderId("o-first-" + UUID.randomUUID());
        OrderId second = new OrderId("o-second-" + UUID.randomUUID());
        OrderId third = new OrderId("o-third-" + UUID.randomUUID());
        handle(() -> projection.on(placed(first, customer), 0, at(1)));
        handle(() -> projection.on(placed(second, customer), 0, at(2)));
        handle(() -> projection.on(placed(third, customer), 0, at(3)));

        OrderPage page0 = read(() -> projection.handle(new FindCustomerOrdersQuery(customer, 0, 2)));
        OrderPage page1 = read(() -> projection.handle(new FindCustomerOrdersQuery(customer, 1, 2)));

        assertThat(page0.content()).extracting(OrderStatusView::orderId).containsExactly(third, second);
        assertThat(page1.content()).extracting(OrderStatusView::orderId).containsExactly(first);
        assertThat(page0.totalElements()).isEqualTo(3);
        assertThat(page0.totalPages()).isEqualTo(2);
    }

    @Test
    void everyChangeIsEmittedToSubscribers() {
        place();
        SubscriptionQueryResult<Optional<OrderStatusView>, OrderStatusView> subscription = subscribe();
        try {
            assertThat(subscription.initialResult().block(Duration.ofSeconds(5))).hasValueSatisfying(
                    view -> assertThat(view.version()).isEqualTo(1));
            handle(() -> projection.on(new OrderPaidEvent(order, payment), 1, at(1)));
            handle(() -> projection.on(new OrderCancellationRequestedEvent(order, OrderStatus.PAID, "x"), 2, at(2)));

            List<OrderStatus> updates = subscription.updates().take(2).map(OrderStatusView::status)
                    .collectList().block(Duration.ofSeconds(5));
            assertThat(updates).containsExactly(OrderStatus.PAID, OrderStatus.CANCELLATION_REQUESTED);
        } finally {
            subscription.close();
        }
    }

    @Test
    void aProcessorsBatchOfSeveralOrdersIsWrittenWhenItCommits() {
        place();
        OrderId other = new OrderId("o-" + UUID.randomUUID());
        handle(() -> projection.on(placed(other, customer), 0, at(0)));
        OrderPaidEvent paid = new OrderPaidEvent(order, payment);
        OrderPaidEvent otherPaid = new OrderPaidEvent(other, new PaymentId("p-2"));
        OrderAcceptedEvent accepted = new OrderAcceptedEvent(order, ticket);
        Map<EventMessage<?>, Runnable> batch = new LinkedHashMap<>();
        batch.put(asEventMessage(paid), () -> projection.on(paid, 1, at(1)));
        batch.put(asEventMessage(otherPaid), () -> projection.on(otherPaid, 1, at(2)));
        batch.put(asEventMessage(ticketCreated(ticket, order)), () -> projection.on(ticketCreated(ticket, order), at(3)));
        batch.put(asEventMessage(accepted), () -> projection.on(accepted, 2, at(4)));
        batch.put(asEventMessage(paid), () -> projection.on(paid, 1, at(1)));

        handle(() -> new BatchingUnitOfWork<>(List.copyOf(batch.keySet())).executeWithResult(() -> {
            batch.get(CurrentUnitOfWork.get().getMessage()).run();
            return null;
        }, RollbackConfigurationType.ANY_THROWABLE));
        handle(() -> projection.on(new OrderCookingStartedEvent(order), 3, at(5)));

        OrderStatusView view = view();
        assertThat(view.timeline()).extracting(OrderStatusView.TimelineEntry::status).containsExactly(
                OrderStatus.PAYMENT_PENDING, OrderStatus.PAID, OrderStatus.ACCEPTED, OrderStatus.COOKING);
        assertThat(view.ticketId()).isEqualTo(ticket);
        assertThat(view.version()).isEqualTo(5);
        OrderStatusView otherView = projection.handle(new FindOrderStatusQuery(other)).orElseThrow();
        assertThat(otherView.status()).isEqualTo(OrderStatus.PAID);
        assertThat(otherView.timeline()).extracting(OrderStatusView.TimelineEntry::at).containsExactly(at(0), at(2));
        assertThat(otherView.version()).isEqualTo(2);
    }

    @Test
    void aReplayedEventChangesTheViewButNotifiesNoSubscriber() {
        place();
        SubscriptionQueryResult<Optional<OrderStatusView>, OrderStatusView> subscription = subscribe();
        try {
            subscription.initialResult().block(Duration.ofSeconds(5));
            OrderPaidEvent paid = new OrderPaidEvent(order, payment);
            TrackedEventMessage<?> replayed = new GenericTrackedEventMessage<>(
                    ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(100)), asEventMessage(paid));
            assertThat(ReplayToken.isReplay(replayed)).isTrue();
            handle(() -> DefaultUnitOfWork.startAndGet(replayed).execute(() -> projection.on(paid, 1, at(1))));
            assertThat(view().status()).isEqualTo(OrderStatus.PAID);

            handle(() -> projection.on(new OrderCancellationRequestedEvent(order, OrderStatus.PAID, "x"), 2, at(2)));

            OrderStatusView first = subscription.updates().next().block(Duration.ofSeconds(5));
            assertThat(first.status()).isEqualTo(OrderStatus.CANCELLATION_REQUESTED);
            assertThat(first.version()).isEqualTo(3);
        } finally {
            subscription.close();
        }
    }

    @Test
    void aResetEmptiesTheView() {
        place();

        handle(() -> projection.reset());

        assertThat(projection.handle(new FindOrderStatusQuery(order))).isEmpty();
    }
}
