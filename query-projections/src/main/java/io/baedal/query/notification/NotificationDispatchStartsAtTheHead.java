package io.baedal.query.notification;

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
 * The {@link NotificationDispatcher}'s processor, when it has no tokens yet, starts at the head of
 * the event stream, not at its tail as Axon's would: on an event store that already holds orders
 * (the first deployment with the dispatcher in a group of its own, a query service with a new
 * database) it would otherwise send every message of every order again, and the provider would
 * catch only those sent since it began to remember idempotency keys. The tokens are created before
 * any processor starts, so that no event published meanwhile falls before them; existing tokens are
 * left alone, and instances that start together create them once (platform's token store lets
 * them take turns).
 */
@Configuration(proxyBeanMethods = false)
class NotificationDispatchStartsAtTheHead {

    private static final Logger log = LoggerFactory.getLogger(NotificationDispatchStartsAtTheHead.class);

    @Bean
    ConfigurerModule notificationDispatchTokensAtTheHead(
            ObjectProvider<TokenStore> tokens, ObjectProvider<EventStore> events,
            ObjectProvider<TransactionManager> transactions,
            @Value("${axon.eventhandling.processors." + NotificationDispatcher.GROUP + ".initial-segment-count:2}")
            int segments) {
        return configurer -> configurer.onStart(Phase.INBOUND_EVENT_CONNECTORS - 1,
                () -> createTokensAtTheHead(tokens.getObject(), events.getObject(), transactions.getObject(), segments));
    }

    /** Creates the dispatcher's tokens at the head of the event stream unless it has tokens; whether it did. */
    static boolean createTokensAtTheHead(TokenStore tokens, EventStore events, TransactionManager transactions,
                                         int segments) {
        return transactions.fetchInTransaction(() -> {
            if (tokens.fetchSegments(NotificationDispatcher.GROUP).length > 0) {
                return false;
            }
            TrackingToken head = events.createHeadToken();
            tokens.initializeTokenSegments(NotificationDispatcher.GROUP, segments, head);
            log.atInfo().addKeyValue("event", "notification_tokens_created").addKeyValue("segments", segments)
                    .log("{} starts at the head of the event stream ({})", NotificationDispatcher.GROUP, head);
            return true;
        });
    }
}
