package io.baedal.query.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.coreapi.order.CustomerId;
import io.baedal.coreapi.order.FindOrderStatusQuery;
import io.baedal.coreapi.order.OrderId;
import io.baedal.query.Events;
import io.baedal.query.ProjectionTest;
import io.baedal.query.orderstatus.OrderStatusProjection;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Axon leaves dead letters where they are; the retry handles them again and the view catches up. */
class DeadLetterRetryTest extends ProjectionTest {

    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    DeadLetterRetry retry;
    @Autowired
    OrderStatusProjection orderStatus;

    @Test
    void aDeadLetteredEventIsHandledOnTheNextRetryAndLeavesTheQueue() {
        OrderId order = new OrderId("o-" + UUID.randomUUID());
        SequencedDeadLetterQueue<EventMessage<?>> queue = processing.deadLetterQueue("order-status").orElseThrow();
        EventMessage<?> placed = new GenericDomainEventMessage<>("Order", order.value(), 0,
                Events.placed(order, new CustomerId("c-1")));
        handle(() -> queue.enqueue(order.value(),
                new GenericDeadLetter<>(order.value(), placed, new IllegalStateException("the view failed"))));
        assertThat(read(() -> orderStatus.handle(new FindOrderStatusQuery(order)))).isEmpty();

        int succeeded = retry.retryAll();

        assertThat(succeeded).isPositive();
        assertThat(read(() -> queue.contains(order.value()))).as("still dead-lettered").isFalse();
        assertThat(read(() -> orderStatus.handle(new FindOrderStatusQuery(order)))).isPresent();
    }
}
