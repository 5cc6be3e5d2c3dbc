package io.baedal.query.web;

import io.baedal.platform.logging.LogFields;
import io.baedal.platform.web.WebRefusal;
import io.baedal.query.admin.ProcessorControl;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rebuilds a view from the event store: its processor is stopped in every instance of the service,
 * its tokens are reset, its reset handler clears its tables, and it replays every event. Other
 * processors keep running.
 */
@RestController
@RequestMapping("/api/admin/projections/{processingGroup}/replay")
@Tag(name = "Admin", description = "Operators only (role admin): view replays and fault switches")
class ProjectionAdminController {

    private static final Logger log = LoggerFactory.getLogger(ProjectionAdminController.class);
    /** Longer than a token claim's timeout (10 s), after which a claim of a stopped instance lapses. */
    static final String PROBLEM_JSON = "application/problem+json";
    static final String PROBLEM = "#/components/schemas/Problem";
    private static final Duration RESET_WAIT = Duration.ofSeconds(20);

    /** Progress of one segment; positions are global event-store indexes. */
    record SegmentProgress(int segment, boolean replaying, Long position, Long replayUntil) {
    }

    record ReplayProgress(String processingGroup, boolean running, boolean replaying, double progress,
                          List<SegmentProgress> segments) {
    }

    private final EventProcessingConfiguration processing;
    private final ProcessorControl control;

    ProjectionAdminController(EventProcessingConfiguration processing, ProcessorControl control) {
        this.processing = processing;
        this.control = control;
    }

    @Operation(summary = "Rebuild a view from the event store", description = "Stops its processor in every "
            + "instance, resets it and replays every event; answers the progress.")
    @ApiResponse(responseCode = "404", description = "PROCESSING_GROUP_NOT_FOUND", content = @Content(
            mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM)))
    @ApiResponse(responseCode = "409", description = "REPLAY_NOT_SUPPORTED", content = @Content(
            mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM)))
    @PostMapping
    ResponseEntity<ReplayProgress> replay(@PathVariable String processingGroup) {
        StreamingEventProcessor processor = processor(processingGroup);
        if (!processor.supportsReset()) {
            throw new WebRefusal(AdminErrorCode.REPLAY_NOT_SUPPORTED,
                    "Processing group " + processingGroup + " cannot be replayed");
        }
        log.atInfo().addKeyValue(LogFields.EVENT, "replay_started").addKeyValue("processingGroup", processingGroup)
                .log("Replaying processing group {}", processingGroup);
        // Every instance lets go of its segments, this one resets the tokens and starts replaying,
        // the others start again and get their share of the segments back.
        List<String> stopped = control.stopEverywhere(processingGroup);
        processor.shutDown();
        resetWhenNoInstanceHoldsAClaim(processor);
        processor.start();
        List<String> started = control.startEverywhere(processingGroup);
        log.atInfo().addKeyValue(LogFields.EVENT, "replay_reset").addKeyValue("processingGroup", processingGroup)
                .addKeyValue("instancesStopped", stopped).addKeyValue("instancesStarted", started)
                .log("Reset {} with {} instance(s) stopped", processingGroup, stopped.size());
        return ResponseEntity.accepted().body(progress(processingGroup, processor));
    }

    /**
     * An instance may still be letting go of its segments when the stop's answers are in (seen on a
     * loaded machine); the reset is tried again until its claims are released or have expired.
     */
    private static void resetWhenNoInstanceHoldsAClaim(StreamingEventProcessor processor) {
        long deadline = System.nanoTime() + RESET_WAIT.toNanos();
        while (true) {
            try {
                processor.resetTokens();
                return;
            } catch (UnableToClaimTokenException stillClaimed) {
                if (System.nanoTime() > deadline) {
                    throw stillClaimed;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw stillClaimed;
                }
            }
        }
    }

    @Operation(summary = "The progress of a view's replay")
    @ApiResponse(responseCode = "404", description = "PROCESSING_GROUP_NOT_FOUND", content = @Content(
            mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM)))
    @GetMapping
    ReplayProgress progress(@PathVariable String processingGroup) {
        return progress(processingGroup, processor(processingGroup));
    }

    private StreamingEventProcessor processor(String processingGroup) {
        return processing.eventProcessor(processingGroup, StreamingEventProcessor.class)
                .orElseThrow(() -> new WebRefusal(AdminErrorCode.PROCESSING_GROUP_NOT_FOUND,
                        "No streaming processing group named " + processingGroup));
    }

    private static ReplayProgress progress(String processingGroup, StreamingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        List<SegmentProgress> segments = status.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> new SegmentProgress(entry.getKey(), entry.getValue().isReplaying(),
                        boxed(entry.getValue().getCurrentPosition()), boxed(entry.getValue().getResetPosition())))
                .toList();
        // A segment stays flagged as replaying until it sees an event past the reset position.
        double progress = segments.stream()
                .filter(SegmentProgress::replaying)
                .map(ProjectionAdminController::fraction)
                .min(Comparator.naturalOrder())
                .orElse(1.0);
        boolean replaying = progress < 1.0;
        return new ReplayProgress(processingGroup, processor.isRunning(), replaying, progress, segments);
    }

    private static double fraction(SegmentProgress segment) {
        if (segment.position() == null || segment.replayUntil() == null || segment.replayUntil() <= 0) {
            return 0.0;
        }
        return Math.min(1.0, (double) segment.position() / segment.replayUntil());
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }
}
