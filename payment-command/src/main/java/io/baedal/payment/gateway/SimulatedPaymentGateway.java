package io.baedal.payment.gateway;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.payment.PaymentId;
import io.baedal.platform.faults.FaultSwitches.PaymentFaults;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for a real provider: declines tokens that start with {@code decline}, acts as if it
 * were down for tokens that start with {@code unavailable}, answers with an error nobody expects
 * for tokens that start with {@code error}, approves any other, and can be made slow or flaky
 * ({@link SimulatedPaymentGatewayProperties}) for fault tests, or at run time by the payment fault
 * switches ({@link PaymentFaults}: the higher failure rate and the longer latency of the two count,
 * and an outage fails every call at once).
 *
 * <p>Like a real provider it remembers every idempotency key it acted on, with the request and
 * the outcome: the same key again gets the recorded outcome and nothing is charged or refunded
 * again; the same key with another request is refused. A simulated outage happens before the
 * provider acts, so it records nothing. It counts what it really did ({@link #charges()},
 * {@link #refunds()}), so a test can tell one charge from two.
 */
public class SimulatedPaymentGateway implements PaymentGateway {

    private static final Logger log = LoggerFactory.getLogger(SimulatedPaymentGateway.class);
    static final String DECLINE_PREFIX = "decline";
    static final String UNAVAILABLE_PREFIX = "unavailable";
    static final String ERROR_PREFIX = "error";

    /** What the provider did under a key, and for which request. */
    private record Recorded(String request, Authorisation outcome) {
    }

    private final SimulatedPaymentGatewayProperties properties;
    private final Supplier<PaymentFaults> faults;
    private final Random random;
    /**
     * Real providers forget a key after a day or so; this one forgets the oldest keys beyond a
     * number that a retry (minutes after its first attempt) never reaches, so a long load test
     * does not fill the heap.
     */
    static final int KEYS_KEPT = 100_000;

    private final Map<IdempotencyKey, Recorded> recorded = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<IdempotencyKey, Recorded> eldest) {
            return size() > KEYS_KEPT;
        }
    };
    private int charges;
    private int refunds;

    public SimulatedPaymentGateway(SimulatedPaymentGatewayProperties properties) {
        this(properties, () -> PaymentFaults.NONE);
    }

    public SimulatedPaymentGateway(SimulatedPaymentGatewayProperties properties, Supplier<PaymentFaults> faults) {
        this.properties = properties;
        this.faults = faults;
        this.random = new Random(properties.seed());
    }

    @Override
    public Authorisation authorise(IdempotencyKey key, PaymentId paymentId, Money amount, String paymentToken) {
        simulateNetwork("authorise " + paymentId);
        if (paymentToken.startsWith(ERROR_PREFIX)) {
            throw new IllegalStateException("Simulated gateway answered with an error for payment " + paymentId);
        }
        if (paymentToken.startsWith(UNAVAILABLE_PREFIX)) {
            throw new PaymentGatewayUnavailableException("Simulated outage for payment " + paymentId);
        }
        String request = "authorise " + paymentId + " " + amount + " " + paymentToken;
        synchronized (recorded) {
            Recorded seen = recorded.get(key);
            if (seen != null) {
                return replay(key, request, seen);
            }
            Authorisation outcome;
            if (paymentToken.startsWith(DECLINE_PREFIX)) {
                log.info("Simulated gateway declined payment {}", paymentId);
                outcome = Authorisation.declinedBecause("Card declined by the simulated gateway");
            } else {
                charges++;
                outcome = Authorisation.approvedWith("SIM-" + paymentId);
            }
            recorded.put(key, new Recorded(request, outcome));
            return outcome;
        }
    }

    @Override
    public void refund(IdempotencyKey key, PaymentId paymentId, Money amount) {
        simulateNetwork("refund " + paymentId);
        String request = "refund " + paymentId + " " + amount;
        synchronized (recorded) {
            Recorded seen = recorded.get(key);
            if (seen != null) {
                replay(key, request, seen);
                return;
            }
            refunds++;
            recorded.put(key, new Recorded(request, null));
        }
        log.info("Simulated gateway refunded {} of payment {}", amount, paymentId);
    }

    /** Charges really made: an approval answered again from its key is not one. */
    public int charges() {
        synchronized (recorded) {
            return charges;
        }
    }

    /** Refunds really made: a refund answered again from its key is not one. */
    public int refunds() {
        synchronized (recorded) {
            return refunds;
        }
    }

    private Authorisation replay(IdempotencyKey key, String request, Recorded seen) {
        if (!seen.request().equals(request)) {
            throw new IllegalStateException("Simulated gateway refused idempotency key " + key
                    + ": it was used for another request (" + seen.request() + ")");
        }
        log.info("Simulated gateway has seen idempotency key {}: answering as before, nothing done again", key);
        return seen.outcome();
    }

    private void simulateNetwork(String operation) {
        PaymentFaults switched = faults.get();
        if (switched.outage()) {
            throw new PaymentGatewayUnavailableException("Simulated provider outage (fault switch) during " + operation);
        }
        Duration latency = switched.latency().compareTo(properties.latency()) > 0 ? switched.latency() : properties.latency();
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PaymentGatewayUnavailableException("Interrupted during " + operation);
            }
        }
        double failureRate = Math.max(properties.failureRate(), switched.failureRate());
        boolean fails;
        synchronized (random) {
            fails = random.nextDouble() < failureRate;
        }
        if (fails) {
            throw new PaymentGatewayUnavailableException("Simulated gateway unavailable during " + operation);
        }
    }
}
