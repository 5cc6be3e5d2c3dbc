package io.baedal.platform.faults;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Faults put in on purpose, for demos and tests ({@code baedal.faults.*}, and at run time
 * {@code PUT /api/admin/faults}); all off by default. Each service instance holds its own
 * ({@link Faults}); the admin API sets them on every instance at once ({@link FaultBroadcast}).
 *
 * @param payment           the simulated payment provider fails, is slow, or is down
 * @param commandDelays     how long a participant waits before handling each of its commands, by
 *                          participant: the last package segment of the command's class
 *                          ({@code io.baedal.coreapi.kitchen.AcceptTicketCommand}: {@code kitchen})
 * @param failingViewOrders orders whose events the views refuse to handle (they go to the views'
 *                          dead letters until the order is taken off the list)
 */
@ConfigurationProperties("baedal.faults")
public record FaultSwitches(PaymentFaults payment, Map<String, Duration> commandDelays, Set<String> failingViewOrders) {

    /** Longest latency or command delay accepted: a fault holds a thread for that long. */
    public static final Duration LONGEST = Duration.ofMinutes(1);
    /** Most orders whose views may be made to fail at once. */
    public static final int MOST_FAILING_ORDERS = 1000;

    private static final FaultSwitches NONE = new FaultSwitches(null, null, null);

    /**
     * @param failureRate share of calls, from 0 to 1, that fail as "unavailable" before the provider acts
     * @param latency     how long each call takes before it is answered (a call given up on by our
     *                    timeout still completes at the provider)
     * @param outage      every call fails at once as "unavailable": the provider cannot be reached
     */
    public record PaymentFaults(double failureRate, Duration latency, boolean outage) {

        public static final PaymentFaults NONE = new PaymentFaults(0, null, false);

        public PaymentFaults {
            latency = latency == null ? Duration.ZERO : latency;
            if (Double.isNaN(failureRate) || failureRate < 0 || failureRate > 1) {
                throw new IllegalArgumentException("payment.failureRate must be between 0 and 1, not " + failureRate);
            }
            requireDelay("payment.latency", latency);
        }

        public boolean on() {
            return failureRate > 0 || !latency.isZero() || outage;
        }
    }

    public FaultSwitches {
        payment = payment == null ? PaymentFaults.NONE : payment;
        Map<String, Duration> delays = new TreeMap<>();
        if (commandDelays != null) {
            commandDelays.forEach((participant, delay) -> {
                if (participant == null || participant.isBlank()) {
                    throw new IllegalArgumentException("commandDelays needs a participant name for each delay");
                }
                requireDelay("commandDelays." + participant, delay);
                if (!delay.isZero()) {
                    delays.put(participant, delay);
                }
            });
        }
        commandDelays = Collections.unmodifiableMap(delays);
        Set<String> orders = new TreeSet<>();
        if (failingViewOrders != null) {
            for (String orderId : failingViewOrders) {
                if (orderId == null || orderId.isBlank()) {
                    throw new IllegalArgumentException("failingViewOrders must hold order ids, not blanks");
                }
                orders.add(orderId.strip());
            }
        }
        if (orders.size() > MOST_FAILING_ORDERS) {
            throw new IllegalArgumentException("failingViewOrders may name at most " + MOST_FAILING_ORDERS + " orders");
        }
        failingViewOrders = Collections.unmodifiableSet(orders);
    }

    /** Every switch off. */
    public static FaultSwitches none() {
        return NONE;
    }

    /** How long the participant waits before handling each command; zero when no delay is set. */
    public Duration commandDelay(String participant) {
        return commandDelays.getOrDefault(participant, Duration.ZERO);
    }

    public boolean failsViewOf(String orderId) {
        return failingViewOrders.contains(orderId);
    }

    public boolean on() {
        return payment.on() || !commandDelays.isEmpty() || !failingViewOrders.isEmpty();
    }

    private static void requireDelay(String name, Duration delay) {
        if (delay == null || delay.isNegative() || delay.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(name + " must be between 0 and " + LONGEST + ", not " + delay);
        }
    }
}
