package io.baedal.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * {@code baedal_event_lag_seconds{processor}}: how long after an event was stored a processor
 * committed what it did with it. For a view that is how stale the view was; for the saga it is the
 * hop from an event to the saga's next command. Replayed events are left out (their age says
 * nothing about the system's speed). The percentiles cover the last minute, so that a load
 * test reads the figures of its own load.
 */
public class EventLagMetrics implements MessageHandlerInterceptor<EventMessage<?>> {

    static final String NAME = "baedal.event.lag";

    private final Timer lag;
    private final Clock clock;

    public EventLagMetrics(MeterRegistry registry, String processor, Clock clock) {
        this.lag = Timer.builder(NAME)
                .description("Time from an event's storage to the commit of a processor's handling of it")
                .tag("processor", processor)
                .publishPercentiles(0.5, 0.99)
                .distributionStatisticExpiry(Duration.ofMinutes(1))
                .distributionStatisticBufferLength(2)
                .register(registry);
        this.clock = clock;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        EventMessage<?> event = unitOfWork.getMessage();
        if (!(event instanceof TrackedEventMessage<?> tracked && ReplayToken.isReplay(tracked))) {
            Instant stored = event.getTimestamp();
            unitOfWork.afterCommit(committed -> lag.record(Duration.between(stored, clock.instant())));
        }
        return chain.proceed();
    }
}
