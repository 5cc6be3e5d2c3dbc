package io.baedal.query;

import io.baedal.coreapi.order.OrderRelated;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The read side's configuration. Its entities and repositories are registered as an
 * auto-configuration package, so whichever application hosts the views finds them.
 */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
@EnableConfigurationProperties(QueryProperties.class)
public class QueryConfiguration {

    /** Bean name used by {@code axon.eventhandling.processors.<group>.sequencing-policy}. */
    public static final String ORDER_SEQUENCING_POLICY = "orderSequencingPolicy";

    /**
     * Events of one order come from several aggregates (payment, ticket, delivery). Handling them
     * in one sequence keeps, for example, a payment id from arriving before the order exists.
     */
    @Bean(ORDER_SEQUENCING_POLICY)
    SequencingPolicy<EventMessage<?>> orderSequencingPolicy() {
        SequentialPerAggregatePolicy perAggregate = SequentialPerAggregatePolicy.instance();
        return event -> event.getPayload() instanceof OrderRelated related
                ? related.orderId().value()
                : perAggregate.getSequenceIdentifierFor(event);
    }
}
