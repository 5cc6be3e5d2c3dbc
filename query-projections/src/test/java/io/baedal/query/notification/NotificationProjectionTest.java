package io.baedal.query.notification;

import static io.baedal.query.Events.at;
import static io.baedal.query.Events.placed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.baedal.coreapi.order.CustomerId;
import io.baedal.coreapi.order.FindCustomerNotificationsQuery;
import io.baedal.coreapi.order.NotificationView;
import io.baedal.coreapi.order.OrderCancellationRequestedEvent;
import io.baedal.coreapi.order.OrderCancelledEvent;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderPaidEvent;
import io.baedal.coreapi.order.OrderReason;
import io.baedal.coreapi.order.OrderRejectedEvent;
import io.baedal.coreapi.order.OrderStatus;
import io.baedal.coreapi.payment.PaymentId;
import io.baedal.coreapi.payment.PaymentRequestedEvent;
import io.baedal.query.ProjectionTest;
import io.baedal.query.ProjectionTestApplication.RecordingSender;
import io.baedal.query.ProjectionTestApplication.RecordingSender.Sent;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

class NotificationProjectionTest extends ProjectionTest {

    @Autowired
    NotificationProjection projection;
    @Autowired
    NotificationDispatcher dispatcher;
    @Autowired
    RecordingSender sender;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    EventStore events;

    private OrderId order;
    private CustomerId customer;

    @BeforeEach
    void newOrder() {
        order = new OrderId("o-" + UUID.randomUUID());
        customer = new CustomerId("c-" + UUID.randomUUID());
        handle(() -> projection.on(placed(order, customer), 0, at(0)));
    }

    private List<NotificationView> notifications() {
        return projection.handle(new FindCustomerNotificationsQuery(customer)).notifications();
    }

    @Test
    void eachStatusChangeGivesTheCustomerOneMessageNewestFirst() {
        handle(() -> projection.on(new OrderPaidEvent(order, new PaymentId("p-1")), 1, at(1)));
        handle(() -> projection.on(new OrderCancellationRequestedEvent(order, OrderStatus.PAID, "x"), 2, at(2)));
        handle(() -> projection.on(new OrderCancelledEvent(order, OrderReason.CUSTOMER_CANCELLED), 3, at(3)));

        assertThat(notifications()).extracting(NotificationView::status).containsExactly(
                OrderStatus.CANCELLED, OrderStatus.CANCELLATION_REQUESTED, OrderStatus.PAID, OrderStatus.PAYMENT_PENDING);
        assertThat(notifications().get(3).message()).contains("18000 KRW");
    }

    @Test
    void aRejectionExplainsWhy() {
        handle(() -> projection.on(new OrderRejectedEvent(order, OrderReason.ACCEPTANCE_TIMEOUT), 1, at(1)));

        assertThat(notifications().get(0).message()).contains("did not answer in time").contains("refunded");
    }

    @Test
    void anEventThatChangesNoStatusGivesNoMessage() {
        handle(() -> projection.on(new PaymentRequestedEvent(new PaymentId("p-1"), order,
                io.baedal.coreapi.common.Money.of("18000", "KRW"), "tok"), 0, at(1)));

        assertThat(notifications()).hasSize(1);
    }

    @Test
    void anEventDeliveredTwiceGivesOneMessage() {
        OrderPaidEvent paid = new OrderPaidEvent(order, new PaymentId("p-1"));
        handle(() -> projection.on(paid, 1, at(1)));
        handle(() -> projection.on(paid, 1, at(1)));
        handle(() -> projection.on(placed(order, customer), 0, at(0)));

        assertThat(notifications()).hasSize(2);
    }

    /** The dispatcher finds the customer in the order's placement in the event store, and sends with the event's id as key. */
    @Test
    void theDispatcherSendsEachMessageToTheOrdersCustomerKeyedByTheEvent() {
        OrderId stored = storeAPlacement();

        handle(() -> dispatcher.on(placed(stored, customer), "event-1"));
        handle(() -> dispatcher.on(new OrderPaidEvent(stored, new PaymentId("p-1")), "event-2"));

        assertThat(sentWithKeys("notification:event-1", "notification:event-2"))
                .extracting(Sent::customerId, sent -> sent.notification().status())
                .containsExactly(tuple(customer, OrderStatus.PAYMENT_PENDING), tuple(customer, OrderStatus.PAID));
    }

    /**
     * The view knows this order's customer (its placement was handled above) but the event store has
     * no such order: the dispatcher goes by the store, whose order the view may trail or have lost.
     */
    @Test
    void theDispatcherSendsNothingForAnOrderTheEventStoreDoesNotHave() {
        handle(() -> dispatcher.on(new OrderPaidEvent(order, new PaymentId("p-1")), "event-unknown"));

        assertThat(sentWithKeys("notification:event-unknown")).isEmpty();
    }

    /**
     * The dispatcher as its processor calls it, through Axon's handler adapter: an event the
     * processor reads again during a replay sends nothing, the same event read live sends.
     */
    @Test
    void theDispatcherSendsNothingWhileTheGroupIsReplayed() {
        OrderId stored = storeAPlacement();
        AnnotationEventHandlerAdapter asTheProcessorCallsIt = new AnnotationEventHandlerAdapter(dispatcher);
        TrackingToken head = new GlobalSequenceTrackingToken(10);
        EventMessage<?> paid = new GenericDomainEventMessage<>("Order", stored.value(), 1,
                new OrderPaidEvent(stored, new PaymentId("p-1")));
        String key = "notification:" + paid.getIdentifier();

        handle(() -> handleTracked(asTheProcessorCallsIt, paid, ReplayToken.createReplayToken(head, new GlobalSequenceTrackingToken(1))));
        assertThat(sentWithKeys(key)).as("sent during the replay").isEmpty();

        handle(() -> handleTracked(asTheProcessorCallsIt, paid, new GlobalSequenceTrackingToken(11)));
        assertThat(sentWithKeys(key)).extracting(sent -> sent.notification().status()).containsExactly(OrderStatus.PAID);
    }

    /** A placement of another order of the customer, in the event store only. */
    private OrderId storeAPlacement() {
        OrderId stored = new OrderId("o-" + UUID.randomUUID());
        handle(() -> events.publish(new GenericDomainEventMessage<>("Order", stored.value(), 0, placed(stored, customer))));
        return stored;
    }

    /** What the dispatcher sent with these keys, in the order sent (its processor sends the stored events' own). */
    private List<Sent> sentWithKeys(String... keys) {
        return sender.sent.stream().filter(sent -> List.of(keys).contains(sent.idempotencyKey())).toList();
    }

    private static void handleTracked(AnnotationEventHandlerAdapter handler, EventMessage<?> event, TrackingToken token) {
        try {
            handler.handle(new GenericTrackedDomainEventMessage<>(token, (GenericDomainEventMessage<?>) event));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theSimulatedProviderDeliversANotificationSentAgainAfterACrashOnce() {
        LoggingNotificationSender provider = new LoggingNotificationSender(jdbc, transactionManager);
        Notification paid = Notification.of(new OrderPaidEvent(order, new PaymentId("p-9"))).orElseThrow();
        String key = "notification:crash-" + order.value();

        // The dispatcher's batch sends, then dies before it commits: the provider still remembers.
        try {
            handle(() -> {
                provider.send(customer, paid, key);
                throw new IllegalStateException("killed before the batch committed");
            });
        } catch (IllegalStateException expected) {
            // as a crash would
        }
        handle(() -> provider.send(customer, paid, key));
        handle(() -> provider.send(customer, paid, key + "-other"));

        assertThat(jdbc.queryForObject("SELECT count(*) FROM notification_delivery WHERE idempotency_key = ?",
                Long.class, key)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM notification_delivery WHERE idempotency_key LIKE ?",
                Long.class, key + "%")).isEqualTo(2);
    }

    @Test
    void aResetEmptiesTheNotifications() {
        handle(() -> projection.reset());

        assertThat(notifications()).isEmpty();
    }
}
