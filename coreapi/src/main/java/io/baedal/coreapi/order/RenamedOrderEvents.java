package io.baedal.coreapi.order;

import java.util.Map;
import java.util.function.Function;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Order events stored under the names they had before they were named in the past tense are read
 * as the events they are now; their content did not change. Every module that reads events gets
 * this upcaster: it is listed in coreapi's
 * {@code META-INF/services/org.axonframework.serialization.upcasting.event.EventUpcaster}, which the
 * platform registers with every event store.
 */
public class RenamedOrderEvents extends SingleEventUpcaster {

    private static final Map<String, Class<?>> FORMER_NAMES = Map.of(
            "io.baedal.coreapi.order.OrderCookingEvent", OrderCookingStartedEvent.class,
            "io.baedal.coreapi.order.OrderPaymentRetryingEvent", OrderPaymentRetryScheduledEvent.class,
            "io.baedal.coreapi.order.OrderReadyForPickupEvent", OrderMarkedReadyForPickupEvent.class);

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        return FORMER_NAMES.containsKey(event.getType().getName());
    }

    @Override
    @SuppressWarnings("unchecked")
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        String name = FORMER_NAMES.get(event.getType().getName()).getName();
        return event.upcastPayload(new SimpleSerializedType(name, event.getType().getRevision()),
                (Class<Object>) event.getContentType(), Function.identity());
    }
}
