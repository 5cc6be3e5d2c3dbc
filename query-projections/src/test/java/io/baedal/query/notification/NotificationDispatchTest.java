package io.baedal.query.notification;

import static io.baedal.query.Events.placed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.baedal.coreapi.order.CustomerId;
import io.baedal.coreapi.order.FindCustomerNotificationsQuery;
import io.baedal.coreapi.order.NotificationView;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderPaidEvent;
import io.baedal.coreapi.order.OrderStatus;
import io.baedal.coreapi.payment.PaymentId;
import io.baedal.query.ProjectionTest;
import io.baedal.query.ProjectionTestApplication.RecordingSender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The notifications sent live, through the real processors on PostgreSQL: events go into the event
 * store, the {@code notifications} view and the {@link NotificationDispatcher} follow them each on
 * its own processor, and whatever rebuilds or repairs the view sends no message again.
 */
class NotificationDispatchTest extends ProjectionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    EventStore events;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    NotificationProjection projection;
    @Autowired
    RecordingSender sender;
    @Autowired
    TokenStore tokens;
    @Autowired
    TransactionManager axonTransactions;
    @Autowired
    JdbcTemplate jdbc;

    private OrderId order;
    private CustomerId customer;

    @BeforeEach
    void newOrder() {
        order = new OrderId("o-" + UUID.randomUUID());
        customer = new CustomerId("c-" + UUID.randomUUID());
    }

    @Test
    void retryingTheViewsDeadLetterSendsNoMessageAgain() {
        ViewFailsOnceWhenPaid.MARKED.add(order);
        publish(order, placed(order, customer), new OrderPaidEvent(order, new PaymentId("p-1")));
        await("the paid event dead-lettered in the view and its message sent").atMost(PATIENCE)
                .until(() -> aDeadLetterOfTheViewHoldsTheOrder() && sent(order, OrderStatus.PAID) == 1);

        // The queue's own processor, as DeadLetterRetry runs it (which may beat us to it).
        processing.sequencedDeadLetterProcessor(NotificationProjection.GROUP).orElseThrow()
                .process(letter -> letter.message().getPayload() instanceof OrderPaidEvent paid && paid.orderId().equals(order));
        await("the dead letter handled").atMost(PATIENCE).until(() -> !aDeadLetterOfTheViewHoldsTheOrder());

        assertThat(read(this::notifications)).extracting(NotificationView::status)
                .containsExactly(OrderStatus.PAID, OrderStatus.PAYMENT_PENDING);
        assertThat(sent(order, OrderStatus.PAYMENT_PENDING)).isEqualTo(1);
        assertThat(sent(order, OrderStatus.PAID)).as("messages about the payment").isEqualTo(1);
    }

    @Test
    void replayingTheViewRebuildsItAndSendsNoMessageAgain() {
        publish(order, placed(order, customer), new OrderPaidEvent(order, new PaymentId("p-1")));
        await("the messages sent and listed").atMost(PATIENCE)
                .until(() -> sent(order, OrderStatus.PAID) == 1 && read(this::notifications).size() == 2);

        StreamingEventProcessor view = processor(NotificationProjection.GROUP);
        view.shutDown();
        view.resetTokens();
        view.start();
        await("the view replayed").atMost(PATIENCE)
                .until(() -> view.processingStatus().values().stream().allMatch(NotificationDispatchTest::replayed)
                        && read(this::notifications).size() == 2);

        assertThat(sent(order, OrderStatus.PAYMENT_PENDING)).isEqualTo(1);
        assertThat(sent(order, OrderStatus.PAID)).isEqualTo(1);
    }

    @Test
    void theDispatchersOwnGroupCannotBeReplayed() {
        assertThat(processor(NotificationDispatcher.GROUP).supportsReset()).isFalse();
        assertThat(processor(NotificationProjection.GROUP).supportsReset()).isTrue();
    }

    /**
     * A dispatcher that has no tokens (its first deployment on an event store with orders in it)
     * starts at the head: it sends the messages of what happens from then on, none of before.
     */
    @Test
    void aDispatcherWithoutTokensSendsNothingOfWhatCameBefore() {
        StreamingEventProcessor dispatch = processor(NotificationDispatcher.GROUP);
        dispatch.shutDown();
        try {
            jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", NotificationDispatcher.GROUP);
            publish(order, placed(order, customer));
            assertThat(NotificationDispatchStartsAtTheHead.createTokensAtTheHead(tokens, events, axonTransactions, 2))
                    .as("tokens created").isTrue();
        } finally {
            dispatch.start();
        }
        OrderId later = new OrderId("o-" + UUID.randomUUID());
        publish(later, placed(later, customer));

        await("the later order's message").atMost(PATIENCE).until(() -> sent(later, OrderStatus.PAYMENT_PENDING) == 1);
        assertThat(sent(order, OrderStatus.PAYMENT_PENDING)).as("messages of the order placed before").isZero();
        assertThat(NotificationDispatchStartsAtTheHead.createTokensAtTheHead(tokens, events, axonTransactions, 2))
                .as("tokens created again").isFalse();
    }

    /** A segment stays flagged as replaying until an event past the reset comes; its position says more. */
    private static boolean replayed(EventTrackerStatus segment) {
        return !segment.isReplaying() || segment.getCurrentPosition().orElse(-1) >= segment.getResetPosition().orElse(0);
    }

    private void publish(OrderId aggregate, Object... payloads) {
        List<GenericDomainEventMessage<?>> messages = new ArrayList<>();
        for (int sequence = 0; sequence < payloads.length; sequence++) {
            messages.add(new GenericDomainEventMessage<>("Order", aggregate.value(), sequence, payloads[sequence]));
        }
        handle(() -> events.publish(messages));
    }

    private List<NotificationView> notifications() {
        return projection.handle(new FindCustomerNotificationsQuery(customer)).notifications();
    }

    private long sent(OrderId orderId, OrderStatus status) {
        return sender.sent.stream()
                .filter(sent -> sent.notification().orderId().equals(orderId) && sent.notification().status() == status)
                .count();
    }

    /** The view's dead letters are sequenced by aggregate, here the order. */
    private boolean aDeadLetterOfTheViewHoldsTheOrder() {
        return read(() -> processing.deadLetterQueue(NotificationProjection.GROUP).orElseThrow().contains(order.value()));
    }

    private StreamingEventProcessor processor(String group) {
        return processing.eventProcessor(group, StreamingEventProcessor.class).orElseThrow();
    }
}
