package io.baedal.query.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code baedal_deadletters{processing_group}}: events each processing group could not handle and
 * set aside; wherever the views run (the query service, standalone), so the dead-letter alert sees them.
 */
@Component
class DeadLetterMetrics {

    private final EventProcessingConfiguration processing;
    private final MeterRegistry registry;
    private final JdbcClient jdbc;

    DeadLetterMetrics(EventProcessingConfiguration processing, MeterRegistry registry, JdbcClient jdbc) {
        this.processing = processing;
        this.registry = registry;
        this.jdbc = jdbc;
    }

    @EventListener(ApplicationReadyEvent.class)
    void registerGauges() {
        for (String group : processing.eventProcessors().keySet()) {
            Gauge.builder("baedal.deadletters", () -> count(group))
                    .description("Dead letters of a processing group")
                    .tag("processing_group", group)
                    .register(registry);
        }
    }

    private long count(String group) {
        return jdbc.sql("SELECT count(*) FROM dead_letter_entry WHERE processing_group = :group")
                .param("group", group)
                .query(Long.class)
                .single();
    }
}
