package io.baedal.payment.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Baedal protects itself from the payment provider ({@code baedal.payment.gateway.*}).
 *
 * @param timeout              a call that takes longer counts as "unavailable"
 * @param maxConcurrentCalls   calls in flight at once; more fail fast
 * @param failureRateThreshold percentage of failed calls that opens the circuit
 * @param slidingWindowSize    calls the failure rate is measured over
 * @param minimumNumberOfCalls calls before the failure rate counts
 * @param waitInOpenState      how long an open circuit fails fast before letting a few calls through
 */
@ConfigurationProperties("baedal.payment.gateway")
public record PaymentGatewayProperties(
        @DefaultValue("2s") Duration timeout,
        @DefaultValue("16") int maxConcurrentCalls,
        @DefaultValue("50") float failureRateThreshold,
        @DefaultValue("20") int slidingWindowSize,
        @DefaultValue("10") int minimumNumberOfCalls,
        @DefaultValue("10s") Duration waitInOpenState) {
}
