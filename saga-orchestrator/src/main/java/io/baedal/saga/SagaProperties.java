package io.baedal.saga;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tunables of the {@link OrderSaga} ({@code baedal.saga.*}).
 *
 * @param acceptanceTimeout how long a restaurant has to accept a ticket before the order is rejected
 * @param riderClaimTimeout how long a delivery may wait for a rider before operations are alerted (and again after each period)
 * @param paymentRetry      retries of a payment while the gateway is unavailable
 * @param commandRetry      retries of a command that failed for a technical reason; past {@code maxAttempts} a
 *                          payment rejects the order and other steps keep being retried at {@code maxDelay}
 * @param commandTimeout    how long the saga waits for a command's outcome
 */
@ConfigurationProperties("baedal.saga")
public record SagaProperties(
        @DefaultValue("5m") Duration acceptanceTimeout,
        @DefaultValue("10m") Duration riderClaimTimeout,
        @DefaultValue Backoff paymentRetry,
        @DefaultValue Backoff commandRetry,
        @DefaultValue("10s") Duration commandTimeout) {

    /**
     * Exponential backoff: attempt n waits {@code initialDelay * multiplier^(n-1)}, at most {@code maxDelay}.
     *
     * @param maxAttempts attempts in all, the first included
     */
    public record Backoff(
            @DefaultValue("4") int maxAttempts,
            @DefaultValue("2s") Duration initialDelay,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("1m") Duration maxDelay) {

        public Duration delayAfter(int attempt) {
            double factor = Math.pow(multiplier, Math.max(0, attempt - 1));
            long millis = (long) Math.min(maxDelay.toMillis(), initialDelay.toMillis() * factor);
            return Duration.ofMillis(millis);
        }
    }
}
