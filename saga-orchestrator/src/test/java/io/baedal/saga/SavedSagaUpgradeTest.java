package io.baedal.saga;

import static io.baedal.saga.Journeys.ORDER;
import static io.baedal.saga.Journeys.PROPERTIES;
import static io.baedal.saga.Journeys.TICKET;
import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.coreapi.kitchen.CookingStartedEvent;
import io.baedal.coreapi.order.MarkOrderCookingCommand;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.deadline.SimpleDeadlineManager;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.junit.jupiter.api.Test;

/**
 * A saga saved by the version before the saga kept where its order is ({@code orderAt}): it said
 * only whether the order was paid and cooking. Read back, it must go on from where the order is.
 */
class SavedSagaUpgradeTest {

    /** An accepted order, as the earlier version stored it: paid, ticket accepted, AcceptOrder sent. */
    private static final String SAVED_WHEN_ACCEPTED = """
            {"sagaId":"s-1","orderId":"o-1","restaurantId":"r-noodle","lines":[],
             "total":{"amount":"18000","currency":"KRW"},"paymentToken":"tok-visa",
             "paymentId":"%s","ticketId":"%s","payment":"APPROVED","paymentAttempts":0,
             "orderPaid":true,"kitchen":"ACCEPTED","acceptanceTimedOut":false,"orderCooking":false,
             "pickedUp":false,"delivered":false,"escalations":0,"cancelRequested":false,
             "technicalFailures":{},"placedAt":"2026-11-01T10:00:00Z","stepStartedAt":{}}
            """.formatted(Journeys.PAYMENT.value(), TICKET.value());

    private final Jackson3Serializer serializer = Jackson3Serializer.builder().build();

    @Test
    void aSagaSavedAfterTheAcceptanceMarksTheOrderCookingWhenTheKitchenStarts() {
        OrderSaga saga = serializer.deserialize(new SimpleSerializedObject<>(
                SAVED_WHEN_ACCEPTED.getBytes(StandardCharsets.UTF_8), byte[].class, OrderSaga.class.getName(), null));
        List<Object> sent = new CopyOnWriteArrayList<>();
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(MarkOrderCookingCommand.class.getName(), command -> {
            sent.add(command.getPayload());
            return null;
        });

        saga.on(new CookingStartedEvent(TICKET, ORDER), Instant.parse("2026-11-01T10:05:00Z"),
                DefaultCommandGateway.builder().commandBus(bus).build(), SimpleDeadlineManager.builder().scopeAwareProvider(descriptor -> java.util.stream.Stream.empty()).build(),
                new SagaSupport(PROPERTIES, new SagaMonitor(new SimpleMeterRegistry())));

        assertThat(sent).containsExactly(new MarkOrderCookingCommand(ORDER));
    }
}
