package io.baedal.payment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a gateway-calling processor ({@link GatewayCharges}, {@link GatewayRefunds}) starts when
 * it has no position yet: at the first event of the last {@code lookBack}, not at the tail of the
 * stream, where it would call the gateway for every payment ever made. Existing positions are
 * left alone.
 *
 * <p>Positions are kept in PostgreSQL wherever payment-command runs (standalone's database, the
 * payment service's schema {@code payment_service}, shared by its instances), so this happens once
 * per token store: later starts, and the other instances, carry on from the stored positions
 * however long the processors were stopped. The look-back serves that first start: requests
 * recorded shortly before by a deployment whose positions the store does not have (the payment
 * service kept them in memory before it had a database) are still answered. Requests whose outcome
 * is in are not sent again ({@link PaymentHistory}). On a store written before attempts were events
 * (the gateway was called inside the payment's command) there is nothing to pick up: a payment
 * pending then gets its next attempt from the saga's retry, as an event.
 *
 * <p>Runs before the payment's command handlers take commands from Axon Server, so that no request
 * falls between the look-back and the processor's start.
 */
final class GatewayCallsStart {

    private static final Logger log = LoggerFactory.getLogger(GatewayCallsStart.class);

    private GatewayCallsStart() {
    }

    /**
     * Creates the tokens of each processor that has none.
     *
     * @param segments the segment count of each processor, by name
     */
    static void createMissingTokens(Configuration axon, Map<String, Integer> segments, Duration lookBack, Clock clock) {
        TransactionManager transactions = axon.getComponent(TransactionManager.class, () -> NoTransactionManager.INSTANCE);
        segments.forEach((processor, count) -> transactions.executeInTransaction(() -> {
            TokenStore tokens = axon.eventProcessingConfiguration().tokenStore(processor);
            if (tokens.fetchSegments(processor).length > 0) {
                return;
            }
            Instant from = clock.instant().minus(lookBack);
            TrackingToken start = axon.eventStore().createTokenAt(from);
            tokens.initializeTokenSegments(processor, count, start);
            log.atInfo().addKeyValue("event", "gateway_calls_tokens_created").addKeyValue("processor", processor)
                    .addKeyValue("segments", count)
                    .log("{} has no position: it starts at the events since {} ({})", processor, from, start);
        }));
    }
}
