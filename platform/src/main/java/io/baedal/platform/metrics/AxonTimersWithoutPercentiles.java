package io.baedal.platform.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.util.Set;

/**
 * Axon's message timers ({@code commandBus.allTimer}, {@code eventProcessor.successTimer}, ...)
 * without their six client-side percentiles: each message recorded into two timers, each keeping
 * rotating histograms for them, was a tenth of a processor's CPU in a profile of a replay. Nothing
 * reads those percentiles (the dashboards use the timers' sum and count, which stay, as does the
 * maximum); Baedal's own latency timers ({@code baedal_event_lag_seconds}) keep theirs.
 */
public class AxonTimersWithoutPercentiles implements MeterFilter {

    private static final Set<String> AXON_COMPONENTS =
            Set.of("commandBus", "eventBus", "eventProcessor", "queryBus", "queryUpdateEmitter");
    private static final DistributionStatisticConfig NO_PERCENTILES =
            DistributionStatisticConfig.builder().percentiles(new double[0]).build();

    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        return isAxonTimer(id) ? NO_PERCENTILES.merge(config) : config;
    }

    static boolean isAxonTimer(Meter.Id id) {
        String name = id.getName();
        int dot = name.indexOf('.');
        return id.getType() == Meter.Type.TIMER && dot > 0 && name.endsWith("Timer")
                && AXON_COMPONENTS.contains(name.substring(0, dot));
    }
}
