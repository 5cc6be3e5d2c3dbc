package io.baedal.query.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code baedal_deadletters{processing_group}}: events each processing group could not handle and
 * set aside; wherever the views run (the query service, standalone), so the dead-letter alert sees them.
 * Read from each group's dead-letter queue, so it counts what the retry sees, whatever stores the
 * letters; a group without a queue (the saga's processor) has none.
 */
@Component
class DeadLetterMetrics {

    private final EventProcessingConfiguration processing;
    private final MeterRegistry registry;

    DeadLetterMetrics(EventProcessingConfiguration processing, MeterRegistry registry) {
        this.processing = processing;
        this.registry = registry;
    }

    @EventListener(ApplicationReadyEvent.class)
    void registerGauges() {
        for (String group : processing.eventProcessors().keySet()) {
            var queue = processing.deadLetterQueue(group);
            Gauge.builder("baedal.deadletters", () -> queue.map(letters -> letters.size()).orElse(0L))
                    .description("Dead letters of a processing group")
                    .tag("processing_group", group)
                    .register(registry);
        }
    }
}
