package io.baedal.payment.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tunables of the simulated gateway ({@code baedal.payment.simulated-gateway.*}).
 *
 * @param latency     how long each call takes
 * @param failureRate share of calls, from 0 to 1, that fail as "unavailable"
 * @param seed        seed of the failure draw, so a fault test is repeatable
 */
@ConfigurationProperties("baedal.payment.simulated-gateway")
public record SimulatedPaymentGatewayProperties(
        @DefaultValue("0ms") Duration latency,
        @DefaultValue("0") double failureRate,
        @DefaultValue("42") long seed) {

    public SimulatedPaymentGatewayProperties {
        if (failureRate < 0 || failureRate > 1) {
            throw new IllegalArgumentException("failure-rate must be between 0 and 1");
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
    }
}
