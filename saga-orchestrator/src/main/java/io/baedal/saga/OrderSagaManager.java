package io.baedal.saga;

import io.baedal.coreapi.order.OrderRelated;
import jakarta.annotation.Nonnull;
import java.util.function.Function;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.modelling.saga.AbstractSagaManager;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.SagaManagerSpanFactory;

/**
 * Axon's saga manager, with one change: an order's events are handled by one segment of the
 * processor, the one its order id falls in, instead of by all of them.
 *
 * <p>Axon's own manager lets every segment take every event the saga has a handler for; each
 * segment then looks the event's sagas up in the association table and keeps those whose saga id
 * falls in it. With eight segments, each event of an order cost eight association queries and eight
 * transactions (seven of them found nothing to do but still stored their token). Here a segment
 * skips an event of another segment's order without a transaction, as the tracking processor does
 * for any event it cannot handle (measured side by side: 76 to 56 database commits per complete
 * order, docs/PERFORMANCE.md).
 *
 * <p>Every event the saga handles is {@link OrderRelated}, and the saga starts on
 * {@code OrderPlacedEvent} associated with its order id, so the segment Axon checks before
 * creating a saga ({@code segment.matches(initial association)}) is the segment chosen here. A
 * saga is then found by its associations in whichever segment its order falls in, whatever its
 * identifier: sagas created before this manager (whose identifiers were picked to fall in a
 * segment) go on in their order's segment. Deadlines reach a saga directly, not through a
 * segment, and {@link SagaRowLock} still keeps them apart from the saga's events.
 */
final class OrderSagaManager extends AnnotatedSagaManager<OrderSaga> {

    OrderSagaManager(Builder<OrderSaga> builder) {
        super(builder);
    }

    /** The manager as Axon's {@code SagaConfigurer} would build it by default, on the saga's own repository. */
    static Function<Configuration, AbstractSagaManager<OrderSaga>> forProcessor(String processingGroup) {
        return axon -> new OrderSagaManager(AnnotatedSagaManager.<OrderSaga>builder()
                .sagaType(OrderSaga.class)
                .sagaRepository(axon.eventProcessingConfiguration().sagaConfiguration(OrderSaga.class).repository())
                .parameterResolverFactory(axon.parameterResolverFactory())
                .handlerDefinition(axon.handlerDefinition(OrderSaga.class))
                .listenerInvocationErrorHandler(
                        axon.eventProcessingConfiguration().listenerInvocationErrorHandler(processingGroup))
                .spanFactory(axon.getComponent(SagaManagerSpanFactory.class)));
    }

    /** The value that places an order's events, and its saga's creation, in a segment. */
    static AssociationValue segmentKey(Object payload) {
        if (payload instanceof OrderRelated related) {
            return new AssociationValue(OrderSaga.ORDER_ID, related.orderId().toString());
        }
        throw new IllegalStateException("The order saga handles " + payload.getClass().getName()
                + ", which names no order: it cannot choose the segment to handle it in");
    }

    @Override
    public boolean canHandle(@Nonnull EventMessage<?> event, @Nonnull Segment segment) {
        return super.canHandle(event, segment) && segment.matches(segmentKey(event.getPayload()));
    }

    /** The association a saga created by this event starts with; Axon creates it only in the segment that value falls in. */
    AssociationValue initialAssociation(EventMessage<?> event) {
        return getSagaCreationPolicy(event).getInitialAssociationValue();
    }

    /** The segment was chosen by the event's order ({@link #canHandle}); the saga's identifier plays no part. */
    @Override
    protected boolean matchesSegment(Segment segment, String sagaId) {
        return true;
    }
}
