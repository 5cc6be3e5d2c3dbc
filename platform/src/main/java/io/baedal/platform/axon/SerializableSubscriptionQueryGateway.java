package io.baedal.platform.axon;

import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.DefaultSubscriptionQueryResult;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends subscription queries with their response types in serializable form and converts the
 * answers back, as Axon already does for point-to-point queries.
 *
 * <p>A point-to-point query over Axon Server asks the handler for
 * {@link ResponseType#forSerialization()} (an instance instead of an {@code Optional}) and wraps
 * the answer in a {@code ConvertingResponseMessage}. Axon 4.13 does neither for subscription
 * queries: {@code SubscriptionMessageSerializer#serializeQuery} sends the response type as it is,
 * so a handler answering {@code optionalInstanceOf(...)} returns a bare {@code java.util.Optional},
 * and {@code AxonServerSubscriptionQueryResult} hands the payload over unconverted; Jackson reads
 * that {@code Optional} back around a {@code LinkedHashMap} instead of the view. On the local bus
 * the round trip changes nothing: the same handler runs and the same value comes out.
 */
public class SerializableSubscriptionQueryGateway extends DefaultQueryGateway {

    public SerializableSubscriptionQueryGateway(QueryBus queryBus) {
        super(DefaultQueryGateway.builder().queryBus(queryBus));
    }

    @Override
    public <Q, I, U> SubscriptionQueryResult<I, U> subscriptionQuery(String queryName, Q query,
                                                                     ResponseType<I> initialResponseType,
                                                                     ResponseType<U> updateResponseType,
                                                                     int updateBufferSize) {
        ResponseType<?> initialOnTheWire = initialResponseType.forSerialization();
        ResponseType<?> updatesOnTheWire = updateResponseType.forSerialization();
        if (initialOnTheWire == initialResponseType && updatesOnTheWire == updateResponseType) {
            return super.subscriptionQuery(queryName, query, initialResponseType, updateResponseType, updateBufferSize);
        }
        SubscriptionQueryResult<?, ?> sent =
                super.subscriptionQuery(queryName, query, initialOnTheWire, updatesOnTheWire, updateBufferSize);
        // The gateway drops a null answer; converted, "nothing" is what the caller asked for (Optional.empty()).
        Mono<I> initialResult = sent.initialResult()
                .map(initialResponseType::convert)
                .switchIfEmpty(Mono.fromSupplier(() -> initialResponseType.convert(null)));
        Flux<U> updates = sent.updates().map(updateResponseType::convert);
        return new DefaultSubscriptionQueryResult<>(initialResult, updates, sent::cancel);
    }
}
