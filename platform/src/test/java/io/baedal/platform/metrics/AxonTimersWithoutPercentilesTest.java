package io.baedal.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.monitoring.MessageMonitor;
import org.junit.jupiter.api.Test;

class AxonTimersWithoutPercentilesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    AxonTimersWithoutPercentilesTest() {
        registry.config().meterFilter(new AxonTimersWithoutPercentiles());
    }

    @Test
    void anEventProcessorsTimersCountAndSumButKeepNoPercentiles() {
        // As the services register them (dimensional: one meter name, the processor as a tag).
        @SuppressWarnings("unchecked")
        MessageMonitor<EventMessage<?>> monitor = (MessageMonitor<EventMessage<?>>)
                new GlobalMetricRegistry(registry).registerComponentWithDefaultTags(EventProcessor.class, "order-status");

        monitor.onMessageIngested(GenericEventMessage.asEventMessage("an event")).reportSuccess();
        monitor.onMessageIngested(GenericEventMessage.asEventMessage("another")).reportSuccess();

        Timer all = registry.get("eventProcessor.allTimer").tag("processorName", "order-status").timer();
        assertThat(all.count()).isEqualTo(2);
        assertThat(all.takeSnapshot().percentileValues()).isEmpty();
        assertThat(registry.get("eventProcessor.successTimer").timer().count()).isEqualTo(2);
    }

    @Test
    void otherTimersKeepTheirPercentiles() {
        Timer lag = Timer.builder("baedal.event.lag").publishPercentiles(0.5, 0.99).register(registry);
        lag.record(Duration.ofMillis(5));

        assertThat(lag.takeSnapshot().percentileValues()).hasSize(2);
    }
}
