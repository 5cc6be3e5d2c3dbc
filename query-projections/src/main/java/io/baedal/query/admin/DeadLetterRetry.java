package io.baedal.query.admin;

import io.baedal.platform.faults.FaultsChanged;
import io.baedal.platform.logging.LogFields;
import io.baedal.query.PeriodicTask;
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
    private final PeriodicTask retries;

    DeadLetterRetry(EventProcessingConfiguration processing, DeadLetterRetryProperties properties) {
        this.processing = processing;
        this.properties = properties;
        this.retries = new PeriodicTask("dead-letter-retry", properties.retryInterval(), this::retryAll,
                "dead_letter_retry_failure");
    }

    @EventListener
    void on(FaultsChanged changed) {
        if (!changed.viewsHealed().isEmpty()) {
            retrySoon();
        }
    }

    /** Handles every view's dead letters on the retry thread, as soon as it is free. */
    void retrySoon() {
        retries.runSoon();
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

    @Override
    public void start() {
        retries.start();
    }

    @Override
    public void stop() {
        retries.stop();
    }

    @Override
    public boolean isRunning() {
        return retries.isRunning();
    }
}
