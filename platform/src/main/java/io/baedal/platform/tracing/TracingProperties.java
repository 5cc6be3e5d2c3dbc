package io.baedal.platform.tracing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Traces ({@code baedal.tracing.*}): off by default, since standalone has no collector to send them
 * to. When on, Axon's spans (dispatch and handling of commands, events, queries; each saga step)
 * go over OTLP/HTTP to {@code otlp-endpoint} (Tempo, Jaeger, an OpenTelemetry Collector), named
 * after {@code OTEL_SERVICE_NAME} or else {@code spring.application.name}.
 */
@ConfigurationProperties("baedal.tracing")
public record TracingProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("http://localhost:4318/v1/traces") String otlpEndpoint,
        @DefaultValue("2s") Duration exportDelay) {
}
