package io.baedal.platform.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * One tracing path: Axon's own OpenTelemetry span factory on an SDK of our own (no agent, no global
 * instance). Axon carries the W3C trace context in each message's metadata, so a command sent by
 * one service and handled by another, the events it causes and the saga's next command (event
 * processors continue the publisher's trace: {@code axon.tracing.event-processor.distributed-in-same-trace})
 * are one trace across services. Off: Axon creates no span at all.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TracingProperties.class)
public class TracingConfiguration {

    private static final String ENABLED = "enabled";

    @Bean
    @ConditionalOnProperty(prefix = "baedal.tracing", name = ENABLED, havingValue = "true")
    OpenTelemetrySdk openTelemetry(TracingProperties properties, Environment environment,
                                   ObjectProvider<SpanExporter> exporters) {
        String service = environment.getProperty("OTEL_SERVICE_NAME",
                environment.getProperty("spring.application.name", "baedal"));
        SpanExporter exporter = exporters.getIfAvailable(() ->
                OtlpHttpSpanExporter.builder().setEndpoint(properties.otlpEndpoint()).build());
        SdkTracerProvider tracers = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), service))))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).setScheduleDelay(properties.exportDelay()).build())
                .build();
        return OpenTelemetrySdk.builder()
                .setTracerProvider(tracers)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
    }

    @Bean
    @ConditionalOnProperty(prefix = "baedal.tracing", name = ENABLED, havingValue = "true")
    SpanFactory tracingSpanFactory(OpenTelemetrySdk openTelemetry) {
        return new WithoutSubscriptionUpdates(OpenTelemetrySpanFactory.builder()
                .tracer(openTelemetry.getTracer("io.baedal"))
                .contextPropagators(openTelemetry.getPropagators().getTextMapPropagator())
                .build());
    }

    @Bean
    @ConditionalOnProperty(prefix = "baedal.tracing", name = ENABLED, havingValue = "false", matchIfMissing = true)
    SpanFactory noSpans() {
        return NoOpSpanFactory.INSTANCE;
    }
}
