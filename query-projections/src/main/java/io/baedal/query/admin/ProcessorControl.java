package io.baedal.query.admin;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Stops and starts a processor in every instance of the query service at once. A replay resets
 * the processor's tokens, which Axon allows only once no instance holds a claim on them; each
 * instance answers the scatter-gather query for its own processor (standalone: only itself).
 */
@Component
public class ProcessorControl {

    /** Stop that processor here and answer once its claims are released. */
    record StopProcessor(String processingGroup) {
    }

    /** Start that processor here again, if it is stopped. */
    record StartProcessor(String processingGroup) {
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final String instance = ManagementFactory.getRuntimeMXBean().getName();
    private final EventProcessingConfiguration processing;
    private final QueryGateway queries;

    ProcessorControl(EventProcessingConfiguration processing, QueryGateway queries) {
        this.processing = processing;
        this.queries = queries;
    }

    /** Stops the processor in every instance; the instances that answered. */
    public List<String> stopEverywhere(String processingGroup) {
        return queries.scatterGather(new StopProcessor(processingGroup), ResponseTypes.instanceOf(String.class),
                WAIT.toMillis(), TimeUnit.MILLISECONDS).toList();
    }

    /** Starts the processor in every instance where it is stopped; the instances that answered. */
    public List<String> startEverywhere(String processingGroup) {
        return queries.scatterGather(new StartProcessor(processingGroup), ResponseTypes.instanceOf(String.class),
                WAIT.toMillis(), TimeUnit.MILLISECONDS).toList();
    }

    @QueryHandler
    String handle(StopProcessor stop) {
        processing.eventProcessor(stop.processingGroup(), StreamingEventProcessor.class)
                .ifPresent(processor -> processor.shutdownAsync().join());
        return instance;
    }

    @QueryHandler
    String handle(StartProcessor start) {
        processing.eventProcessor(start.processingGroup(), StreamingEventProcessor.class)
                .filter(processor -> !processor.isRunning())
                .ifPresent(StreamingEventProcessor::start);
        return instance;
    }
}
