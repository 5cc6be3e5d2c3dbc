package io.baedal.platform.faults;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryHandler;

/**
 * Sets the fault switches in every instance of every service at once: a scatter-gather query that
 * each instance answers for its own {@link Faults} (standalone: only itself). An instance started
 * later begins with its configuration ({@code baedal.faults.*}).
 */
public class FaultBroadcast {

    /** Replace this instance's switches with these. */
    public record SetFaults(FaultSwitches switches) {
    }

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final String instance = ManagementFactory.getRuntimeMXBean().getName();
    private final Faults faults;
    private final QueryGateway queries;

    public FaultBroadcast(Faults faults, QueryGateway queries) {
        this.faults = faults;
        this.queries = queries;
    }

    /** Sets the switches everywhere; the instances that answered. */
    public List<String> setEverywhere(FaultSwitches switches) {
        return queries.scatterGather(new SetFaults(switches), ResponseTypes.instanceOf(String.class),
                WAIT.toMillis(), TimeUnit.MILLISECONDS).toList();
    }

    @QueryHandler
    String handle(SetFaults set) {
        faults.replace(set.switches());
        return instance;
    }
}
