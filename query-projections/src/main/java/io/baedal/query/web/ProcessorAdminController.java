package io.baedal.query.web;

import static io.baedal.query.web.ProjectionAdminController.PROBLEM;
import static io.baedal.query.web.ProjectionAdminController.PROBLEM_JSON;

import io.baedal.platform.logging.LogFields;
import io.baedal.platform.web.WebRefusal;
import io.baedal.query.admin.ProcessorControl;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.function.Function;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pauses and resumes an event processor in every instance that runs it (standalone: every
 * processor, the saga's included), for maintenance on the event store or the views: a paused
 * processor holds no claim and its events wait in the store. On Axon Server its dashboard does the
 * same for every service.
 */
@RestController
@Tag(name = "Admin", description = "Operators only (role admin): view replays and fault switches")
@RequestMapping("/api/admin/processors")
class ProcessorAdminController {

    private static final Logger log = LoggerFactory.getLogger(ProcessorAdminController.class);

    record ProcessorState(String name, boolean running, int segmentsClaimed) {
    }

    record Change(String name, String action, List<String> instances) {
    }

    private final EventProcessingConfiguration processing;
    private final ProcessorControl control;

    ProcessorAdminController(EventProcessingConfiguration processing, ProcessorControl control) {
        this.processing = processing;
        this.control = control;
    }

    @Operation(summary = "Every event processor of this instance, running or paused")
    @GetMapping
    List<ProcessorState> processors() {
        return processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast)
                .map(processor -> new ProcessorState(processor.getName(), processor.isRunning(),
                        processor.processingStatus().size()))
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
    }

    @Operation(summary = "Pause an event processor in every instance that runs it")
    @ApiResponse(responseCode = "404", description = "PROCESSING_GROUP_NOT_FOUND", content = @Content(
            mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM)))
    @PostMapping("/{name}/pause")
    Change pause(@PathVariable String name) {
        return change(name, "paused", control::stopEverywhere);
    }

    @Operation(summary = "Resume a paused event processor in every instance that runs it")
    @ApiResponse(responseCode = "404", description = "PROCESSING_GROUP_NOT_FOUND", content = @Content(
            mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM)))
    @PostMapping("/{name}/resume")
    Change resume(@PathVariable String name) {
        return change(name, "resumed", control::startEverywhere);
    }

    private Change change(String name, String action, Function<String, List<String>> everywhere) {
        processor(name);
        List<String> instances = everywhere.apply(name);
        log.atWarn().addKeyValue(LogFields.EVENT, "processor_" + action).addKeyValue("processor", name)
                .addKeyValue("instances", instances).log("Processor {} {} in {} instance(s)", name, action, instances.size());
        return new Change(name, action, instances);
    }

    private StreamingEventProcessor processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new WebRefusal(AdminErrorCode.PROCESSING_GROUP_NOT_FOUND,
                        "No streaming event processor named " + name));
    }
}
