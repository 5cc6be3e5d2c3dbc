package io.baedal.query;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tunables of the query API ({@code baedal.query.*}).
 *
 * @param readYourWritesTimeout how long {@code GET /api/orders/{id}?minVersion=} waits for the view to catch up
 * @param streamTimeout         how long an order's SSE stream stays open without reaching a terminal status
 * @param maxPageSize           largest page a client may ask for
 * @param maxListSize           most rows a kitchen queue or rider board answers with
 */
@ConfigurationProperties("baedal.query")
public record QueryProperties(
        @DefaultValue("5s") Duration readYourWritesTimeout,
        @DefaultValue("30m") Duration streamTimeout,
        @DefaultValue("100") int maxPageSize,
        @DefaultValue("500") int maxListSize) {
}
