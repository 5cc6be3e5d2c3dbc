package io.baedal.payment.gateway;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.payment.PaymentId;
import java.time.Duration;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for a real provider: declines tokens that start with {@code decline}, acts as if it
 * were down for tokens that start with {@code unavailable}, answers with an error nobody expects
 * for tokens that start with {@code error}, approves any other, and can be made slow or flaky
 * ({@link SimulatedPaymentGatewayProperties}) for fault tests.
 */
public class SimulatedPaymentGateway implements PaymentGateway {

    private static final Logger log = LoggerFactory.getLogger(SimulatedPaymentGateway.class);
    static final String DECLINE_PREFIX = "decline";
    static final String UNAVAILABLE_PREFIX = "unavailable";
    static final String ERROR_PREFIX = "error";

    private final SimulatedPaymentGatewayProperties properties;
    private final Random random;

    public SimulatedPaymentGateway(SimulatedPaymentGatewayProperties properties) {
        this.properties = properties;
        this.random = new Random(properties.seed());
    }

    @Override
    public Authorisation authorise(PaymentId paymentId, Money amount, String paymentToken) {
        simulateNetwork("authorise " + paymentId);
        if (paymentToken.startsWith(ERROR_PREFIX)) {
            throw new IllegalStateException("Simulated gateway answered with an error for payment " + paymentId);
        }
        if (paymentToken.startsWith(UNAVAILABLE_PREFIX)) {
            throw new PaymentGatewayUnavailableException("Simulated outage for payment " + paymentId);
        }
        if (paymentToken.startsWith(DECLINE_PREFIX)) {
            log.info("Simulated gateway declined payment {}", paymentId);
            return Authorisation.declinedBecause("Card declined by the simulated gateway");
        }
        return Authorisation.approvedWith("SIM-" + paymentId);
    }

    @Override
    public void refund(PaymentId paymentId, Money amount) {
        simulateNetwork("refund " + paymentId);
        log.info("Simulated gateway refunded {} of payment {}", amount, paymentId);
    }

    private void simulateNetwork(String operation) {
        Duration latency = properties.latency();
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PaymentGatewayUnavailableException("Interrupted during " + operation);
            }
        }
        boolean fails;
        synchronized (random) {
            fails = random.nextDouble() < properties.failureRate();
        }
        if (fails) {
            throw new PaymentGatewayUnavailableException("Simulated gateway unavailable during " + operation);
        }
    }
}
