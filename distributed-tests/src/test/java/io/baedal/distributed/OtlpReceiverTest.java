package io.baedal.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The test's OTLP receiver reads what the services' exporter (the same as platform's) sends. */
class OtlpReceiverTest {

    @Test
    void readsTheSpansThatTheOtlpHttpExporterSends() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            SdkTracerProvider tracers = SdkTracerProvider.builder()
                    .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "order-service")))
                    .addSpanProcessor(SimpleSpanProcessor.create(OtlpHttpSpanExporter.builder()
                            .setEndpoint(receiver.endpoint()).build()))
                    .build();
            Tracer tracer = tracers.get("test");
            Span parent = tracer.spanBuilder("CommandBus.dispatch PlaceOrderCommand").startSpan();
            String childId;
            try (Scope ignored = parent.makeCurrent()) {
                Span child = tracer.spanBuilder("Order.handle PlaceOrderCommand")
                        .setAttribute("orderId", "o-1").setAttribute("attempt", 2L).startSpan();
                childId = child.getSpanContext().getSpanId();
                child.end();
            } finally {
                parent.end();
            }
            assertThat(tracers.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).as("exported").isTrue();
            tracers.close();

            assertThat(receiver.spans()).hasSize(2).allSatisfy(span -> {
                assertThat(span.service()).isEqualTo("order-service");
                assertThat(span.traceId()).isEqualTo(parent.getSpanContext().getTraceId());
            });
            assertThat(receiver.spans()).filteredOn(span -> span.spanId().equals(childId)).singleElement().satisfies(span -> {
                assertThat(span.name()).isEqualTo("Order.handle PlaceOrderCommand");
                assertThat(span.parentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
                assertThat(span.attributes()).containsEntry("orderId", "o-1").doesNotContainKey("attempt");
            });
            assertThat(receiver.spans()).filteredOn(span -> span.spanId().equals(parent.getSpanContext().getSpanId()))
                    .singleElement().satisfies(span -> assertThat(span.parentSpanId()).isEmpty());
        }
    }
}
