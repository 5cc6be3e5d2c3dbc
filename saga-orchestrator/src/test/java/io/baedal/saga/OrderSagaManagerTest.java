package io.baedal.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.delivery.DeliveryCompletedEvent;
import io.baedal.coreapi.delivery.DeliveryId;
import io.baedal.coreapi.kitchen.TicketAcceptedEvent;
import io.baedal.coreapi.kitchen.TicketId;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderPlacedEvent;
import io.baedal.coreapi.payment.PaymentApprovedEvent;
import io.baedal.coreapi.payment.PaymentId;
import java.util.List;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
import org.axonframework.modelling.saga.repository.AnnotatedSagaRepository;
import org.axonframework.modelling.saga.repository.inmemory.InMemorySagaStore;
import org.junit.jupiter.api.Test;

class OrderSagaManagerTest {

    private static final List<Segment> EIGHT_SEGMENTS = Segment.splitBalanced(Segment.ROOT_SEGMENT, 7);

    private final OrderSagaManager manager = new OrderSagaManager(AnnotatedSagaManager.<OrderSaga>builder()
            .sagaType(OrderSaga.class)
            .sagaRepository(AnnotatedSagaRepository.<OrderSaga>builder()
                    .sagaType(OrderSaga.class)
                    .sagaStore(new InMemorySagaStore())
                    .build()));

    @Test
    void everyEventOfAnOrderGoesToOneSegmentOnlyTheOneWhereItsSagaIsCreated() {
        assertThat(EIGHT_SEGMENTS).hasSize(8);
        List<Integer> segmentsUsed = IntStream.range(0, 40).mapToObj(n -> new OrderId("o-" + n)).map(order -> {
            EventMessage<?> placed = GenericEventMessage.asEventMessage(placed(order));
            Segment creating = EIGHT_SEGMENTS.stream().filter(segment -> segment.matches(manager.initialAssociation(placed)))
                    .findFirst().orElseThrow();
            for (Object event : List.of(placed(order),
                    new PaymentApprovedEvent(new PaymentId("p-" + order), order, Journeys.TOTAL, "auth"),
                    new TicketAcceptedEvent(new TicketId("t-" + order), order),
                    new DeliveryCompletedEvent(new DeliveryId("d-" + order), order, Journeys.RIDER))) {
                EventMessage<?> message = GenericEventMessage.asEventMessage(event);
                assertThat(EIGHT_SEGMENTS.stream().filter(segment -> manager.canHandle(message, segment)))
                        .as("segments that take %s of %s", event.getClass().getSimpleName(), order)
                        .containsExactly(creating);
            }
            return creating.getSegmentId();
        }).toList();
        assertThat(segmentsUsed.stream().distinct().count()).as("segments the orders fall in").isGreaterThan(4);
    }

    @Test
    void anEventTheSagaDoesNotHandleIsTakenByNoSegment() {
        EventMessage<?> unrelated = GenericEventMessage.asEventMessage(Money.of("1", "KRW"));
        assertThat(EIGHT_SEGMENTS).noneMatch(segment -> manager.canHandle(unrelated, segment));
    }

    @Test
    void aHandledEventWithoutAnOrderCannotBePlaced() {
        assertThatThrownBy(() -> OrderSagaManager.segmentKey(new Object()))
                .isInstanceOf(IllegalStateException.class);
    }

    private static OrderPlacedEvent placed(OrderId order) {
        OrderPlacedEvent p = Journeys.placed();
        return new OrderPlacedEvent(order, p.customerId(), p.restaurantId(), p.lines(), p.total(), p.deliveryAddress(),
                p.restaurantAddress(), p.paymentToken());
    }
}
