package io.baedal.platform.axon;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Shares each streaming processor's segments out among the running instances of a service.
 * Axon's processors claim every segment they can, so the instance that starts first takes them all
 * and a second one only stands by; Axon Server SE does not balance them (EE does). Each instance
 * writes a heartbeat row ({@code processor_instance}, in the service's own schema) every few
 * seconds, counts the instances seen lately, and releases the segments it holds beyond its fair
 * share (rounded up) for a while, so that another instance claims them. An instance that dies stops
 * beating; once its claims expire the others claim its segments, since their fair share grew.
 */
final class SegmentBalancer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);
    private static final Duration BEAT = Duration.ofSeconds(3);
    /**
     * An instance not seen for this long no longer counts. Short, since an instance killed with
     * {@code kill -9} leaves its row behind, and until it ages out the others still share with it
     * (a restarted instance then sets a segment aside for a while that nobody else claims).
     */
    private static final Duration ALIVE = Duration.ofSeconds(8);
    /** How long a released segment is left for the others before this instance may claim it again. */
    private static final Duration RELEASE = Duration.ofSeconds(15);

    private final ObjectProvider<DataSource> dataSource;
    private final ObjectProvider<EventProcessingConfiguration> processors;
    private final String owner = ManagementFactory.getRuntimeMXBean().getName();
    private EventProcessingConfiguration processing;
    private ScheduledExecutorService timer;
    private JdbcTemplate jdbc;
    private volatile boolean running;

    SegmentBalancer(ObjectProvider<DataSource> dataSource, ObjectProvider<EventProcessingConfiguration> processors) {
        this.dataSource = dataSource;
        this.processors = processors;
    }

    /** Does nothing in a service without a database (kitchen and delivery have no processor). */
    @Override
    public void start() {
        running = true;
        DataSource source = dataSource.getIfUnique();
        processing = processors.getIfUnique();
        if (source == null || processing == null) {
            return;
        }
        jdbc = new JdbcTemplate(source);
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "segment-balancer");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::beatAndBalance, 0, BEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void beatAndBalance() {
        try {
            jdbc.update("INSERT INTO processor_instance (owner, seen_at) VALUES (?, now()) "
                    + "ON CONFLICT (owner) DO UPDATE SET seen_at = now()", owner);
            jdbc.update("DELETE FROM processor_instance WHERE seen_at < now() - interval '1 hour'");
            Integer alive = jdbc.queryForObject("SELECT count(*) FROM processor_instance WHERE seen_at > now() - "
                    + "make_interval(secs => ?)", Integer.class, (double) ALIVE.toSeconds());
            if (alive == null || alive < 2) {
                return;
            }
            processing.eventProcessors().values().stream()
                    .filter(StreamingEventProcessor.class::isInstance)
                    .map(StreamingEventProcessor.class::cast)
                    .forEach(processor -> balance(processor, alive));
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("event", "segment_balancing_failed").setCause(e).log("Segment balancing failed");
        }
    }

    private void balance(StreamingEventProcessor processor, int alive) {
        Integer segments = jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE processor_name = ?",
                Integer.class, processor.getName());
        Integer unclaimed = jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE processor_name = ? AND owner IS NULL",
                Integer.class, processor.getName());
        // Segments released before and not claimed yet: let the others take those first, rather than
        // release more on a status that still lists what is being let go.
        if (segments == null || segments == 0 || unclaimed == null || unclaimed > 0) {
            return;
        }
        int fairShare = (segments + alive - 1) / alive;
        List<Integer> held = processor.processingStatus().keySet().stream().sorted(Comparator.reverseOrder()).toList();
        for (int segment : held.subList(0, Math.max(0, held.size() - fairShare))) {
            log.atInfo().addKeyValue("event", "segment_released").addKeyValue("processor", processor.getName())
                    .addKeyValue("segment", segment)
                    .log("Releasing segment {} of {}: {} held, fair share of {} instances is {}",
                            segment, processor.getName(), held.size(), alive, fairShare);
            processor.releaseSegment(segment, RELEASE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (timer != null) {
            timer.shutdownNow();
            try {
                jdbc.update("DELETE FROM processor_instance WHERE owner = ?", owner);
            } catch (RuntimeException e) {
                log.debug("Could not remove the heartbeat row of {}", owner, e);
            }
            timer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After Axon's processors have started; stops before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 4096;
    }
}
