package io.baedal.platform.tracing;

import io.baedal.platform.axon.LoggingContextInterceptor;
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
import java.util.Map;
import org.axonframework.messaging.Message;
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
    /** The span attribute that names the order: Tempo finds an order's traces by {@code { span.orderId = "..." }}. */
    public static final String ORDER_ID_ATTRIBUTE = "orderId";

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
        SpanFactory spans = new WithoutSubscriptionUpdates(OpenTelemetrySpanFactory.builder()
                .tracer(openTelemetry.getTracer("io.baedal"))
                .contextPropagators(openTelemetry.getPropagators().getTextMapPropagator())
                .build());
        spans.registerSpanAttributeProvider(TracingConfiguration::orderIdAttribute);
        return spans;
    }

    /**
     * Every span of a message about an order (its record's {@code orderId}) carries that order's id,
     * as its log lines do: a trace is then found from the order id alone (the Saga failures
     * dashboard's link). Registered on the factory itself: Axon's attribute-provider beans do not
     * reach this factory (its spans carried no attribute at all), so a bean would not add it.
     */
    private static Map<String, String> orderIdAttribute(Message<?> message) {
        Object orderId = LoggingContextInterceptor.orderIdOf(message.getPayload());
        return orderId == null ? Map.of() : Map.of(ORDER_ID_ATTRIBUTE, orderId.toString());
    }

    @Bean
    @ConditionalOnProperty(prefix = "baedal.tracing", name = ENABLED, havingValue = "false", matchIfMissing = true)
    SpanFactory noSpans() {
        return NoOpSpanFactory.INSTANCE;
    }
}
