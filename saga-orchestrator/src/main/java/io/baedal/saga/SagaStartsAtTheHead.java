package io.baedal.saga;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.lifecycle.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A saga store that starts empty starts at the head of the event stream. Axon's tracking processor
 * would start at its tail, and on an event store that already holds orders (Axon Server, when the
 * saga service gets a new database) it would start a saga for every order ever placed and send
 * their commands again: charge, cook and deliver orders that ended long ago. Before the processor
 * starts, this creates its tokens at the head when there are none; existing tokens are left alone.
 * A lost saga store is restored from its backup, not rebuilt from events.
 */
@Configuration(proxyBeanMethods = false)
class SagaStartsAtTheHead {

    private static final Logger log = LoggerFactory.getLogger(SagaStartsAtTheHead.class);
    static final String PROCESSOR = "OrderSagaProcessor";

    @Bean
    ConfigurerModule orderSagaStartsAtTheHead(ObjectProvider<TokenStore> tokens, ObjectProvider<EventStore> events,
                                              ObjectProvider<TransactionManager> transactions,
                                              @Value("${axon.eventhandling.processors.OrderSagaProcessor.initial-segment-count:2}")
                                              int segments) {
        return configurer -> configurer.onStart(Phase.INBOUND_EVENT_CONNECTORS - 1,
                () -> transactions.getObject().executeInTransaction(() -> {
                    TokenStore tokenStore = tokens.getObject();
                    if (tokenStore.fetchSegments(PROCESSOR).length == 0) {
                        TrackingToken head = events.getObject().createHeadToken();
                        tokenStore.initializeTokenSegments(PROCESSOR, segments, head);
                        log.atInfo().addKeyValue("event", "saga_tokens_created").addKeyValue("segments", segments)
                                .log("New saga store: {} starts at the head of the event stream ({})", PROCESSOR, head);
                    }
                }));
    }
}
