package io.baedal.query.watchdog;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;

/**
 * Whether the views of some processing groups are current: no segment this node processes is
 * replaying or catching up. A segment counts as caught up once its processor found no further event
 * in the store (after a start or a replay), and stays so.
 */
class ViewsCaughtUp implements BooleanSupplier {

    private final EventProcessingConfiguration processing;
    private final List<String> processingGroups;

    ViewsCaughtUp(EventProcessingConfiguration processing, List<String> processingGroups) {
        this.processing = processing;
        this.processingGroups = List.copyOf(processingGroups);
    }

    @Override
    public boolean getAsBoolean() {
        return processingGroups.stream().allMatch(group -> processing
                .eventProcessor(group, StreamingEventProcessor.class)
                .map(processor -> processor.processingStatus().values().stream().allMatch(EventTrackerStatus::isCaughtUp))
                .orElse(true));
    }
}
