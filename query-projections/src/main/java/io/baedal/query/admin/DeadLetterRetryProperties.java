package io.baedal.query.admin;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the views' dead letters are retried ({@code baedal.query.dead-letters.*}).
 *
 * @param retryInterval how often every view's dead letters are handled again (also right after a
 *                      failing-view fault switch is turned off)
 */
@ConfigurationProperties("baedal.query.dead-letters")
record DeadLetterRetryProperties(@DefaultValue("1m") Duration retryInterval) {

    DeadLetterRetryProperties {
        if (retryInterval.isNegative() || retryInterval.isZero()) {
            throw new IllegalArgumentException("baedal.query.dead-letters.retry-interval must be positive");
        }
    }
}
