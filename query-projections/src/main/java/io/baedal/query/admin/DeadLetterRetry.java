package io.baedal.query.admin;

import io.baedal.platform.faults.FaultsChanged;
import io.baedal.platform.logging.LogFields;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Axon never retries a dead letter by itself: a view's events set aside stay aside, and with them
 * every later event of the same order. This handles every view's dead letters again every
 * {@code baedal.query.dead-letters.retry-interval}, and at once when a failing-view fault switch is
 * turned off, so the views catch up without anyone asking. A letter that fails again goes back to
 * the queue (its retry count grows); instances of the query service claim letters, so they do not
 * handle the same one twice.
 */
@Component
@EnableConfigurationProperties(DeadLetterRetryProperties.class)
class DeadLetterRetry implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRetry.class);

    private final EventProcessingConfiguration processing;
    private final DeadLetterRetryProperties properties;
    private final Object lifecycle = new Object();
    private ScheduledExecutorService scheduler;

    DeadLetterRetry(EventProcessingConfiguration processing, DeadLetterRetryProperties properties) {
        this.processing = processing;
        this.properties = properties;
    }

    @EventListener
    void on(FaultsChanged changed) {
        if (!changed.viewsHealed().isEmpty()) {
            retrySoon();
        }
    }

    /** Handles every view's dead letters on the retry thread, as soon as it is free. */
    void retrySoon() {
        synchronized (lifecycle) {
            if (scheduler != null) {
                try {
                    scheduler.execute(this::retryAllAndCarryOn);
                } catch (RejectedExecutionException stopping) {
                    log.debug("Not retrying dead letters: shutting down");
                }
            }
        }
    }

    /** Handles every dead-lettered sequence of every view once; the sequences that went through. */
    int retryAll() {
        int succeeded = 0;
        for (String group : processing.eventProcessors().keySet()) {
            var queue = processing.deadLetterQueue(group);
            var processor = processing.sequencedDeadLetterProcessor(group);
            if (queue.isPresent() && processor.isPresent()) {
                succeeded += retry(group, queue.get(), processor.get());
            }
        }
        return succeeded;
    }

    private static int retry(String group, SequencedDeadLetterQueue<EventMessage<?>> queue,
                             SequencedDeadLetterProcessor<EventMessage<?>> processor) {
        long sequences = queue.amountOfSequences();
        if (sequences == 0) {
            return 0;
        }
        // A sequence that fails again is put back as the most recently touched, so each call takes
        // another one; one call per sequence visits each once.
        int succeeded = 0;
        for (long attempt = 0; attempt < sequences; attempt++) {
            if (processor.processAny()) {
                succeeded++;
            }
        }
        log.atInfo().addKeyValue(LogFields.EVENT, "dead_letters_retried").addKeyValue("processingGroup", group)
                .addKeyValue("sequences", sequences).addKeyValue("succeeded", succeeded)
                .log("Retried {} dead-lettered sequence(s) of {}: {} went through", sequences, group, succeeded);
        return succeeded;
    }

    private void retryAllAndCarryOn() {
        try {
            retryAll();
        } catch (RuntimeException e) {
            // Thrown out of a scheduled task, it would cancel every later retry.
            log.atWarn().setCause(e).addKeyValue(LogFields.EVENT, "dead_letter_retry_failure")
                    .log("Could not retry the views' dead letters: {}", e.getMessage());
        }
    }

    @Override
    public void start() {
        synchronized (lifecycle) {
            if (scheduler != null) {
                return;
            }
            scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "dead-letter-retry");
                thread.setDaemon(true);
                return thread;
            });
            long period = properties.retryInterval().toMillis();
            scheduler.scheduleWithFixedDelay(this::retryAllAndCarryOn, period, period, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() {
        synchronized (lifecycle) {
            if (scheduler == null) {
                return;
            }
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (lifecycle) {
            return scheduler != null;
        }
    }
}
