package io.baedal.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.messaging.responsetypes.InstanceResponseType;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryMessage;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SerializableSubscriptionQueryGatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    record FindGreeting(String name) {
    }

    private final SimpleQueryBus queryBus = SimpleQueryBus.builder().build();
    private final SerializableSubscriptionQueryGateway gateway = new SerializableSubscriptionQueryGateway(queryBus);
    /** The response types the handler was asked for: what Axon Server would carry to it. */
    private final List<ResponseType<?>> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void greetingHandler() {
        queryBus.subscribe(FindGreeting.class.getName(), String.class, message -> {
            QueryMessage<?, ?> query = (QueryMessage<?, ?>) message;
            asked.add(query.getResponseType());
            String name = ((FindGreeting) query.getPayload()).name();
            return name.isEmpty() ? null : "hello " + name;
        });
    }

    @Test
    void anOptionalAnswerTravelsAsAnInstanceAndArrivesAsAnOptional() {
        SubscriptionQueryResult<Optional<String>, String> result = gateway.subscriptionQuery(new FindGreeting("kim"),
                ResponseTypes.optionalInstanceOf(String.class), ResponseTypes.instanceOf(String.class));

        assertThat(result.initialResult().block(WAIT)).contains("hello kim");
        assertThat(asked).singleElement().isInstanceOf(InstanceResponseType.class);
        result.close();
    }

    @Test
    void noAnswerArrivesAsAnEmptyOptional() {
        SubscriptionQueryResult<Optional<String>, String> result = gateway.subscriptionQuery(new FindGreeting(""),
                ResponseTypes.optionalInstanceOf(String.class), ResponseTypes.instanceOf(String.class));

        assertThat(result.initialResult().block(WAIT)).isEmpty();
        result.close();
    }

    @Test
    void updatesFollowTheInitialAnswer() {
        SubscriptionQueryResult<Optional<String>, String> result = gateway.subscriptionQuery(new FindGreeting("lee"),
                ResponseTypes.optionalInstanceOf(String.class), ResponseTypes.instanceOf(String.class));
        assertThat(result.initialResult().block(WAIT)).contains("hello lee");

        queryBus.queryUpdateEmitter().emit(FindGreeting.class, query -> query.name().equals("lee"), "hello again");
        queryBus.queryUpdateEmitter().complete(FindGreeting.class, query -> true);

        assertThat(result.updates().collectList().block(WAIT)).containsExactly("hello again");
    }

    @Test
    void typesThatSerializeAsTheyAreGoUnchanged() {
        SubscriptionQueryResult<String, String> result = gateway.subscriptionQuery(new FindGreeting("park"),
                String.class, String.class);

        assertThat(result.initialResult().block(WAIT)).isEqualTo("hello park");
        assertThat(asked).singleElement().isInstanceOf(InstanceResponseType.class);
        result.close();
    }
}
