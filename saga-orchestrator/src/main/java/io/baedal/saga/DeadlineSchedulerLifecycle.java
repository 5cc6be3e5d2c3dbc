package io.baedal.saga;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the deadline scheduler after Axon (so a due deadline finds its saga's handlers) and
 * stops it before Axon shuts down. The Spring-managed deadline manager does not do this itself.
 */
class DeadlineSchedulerLifecycle implements SmartLifecycle {

    private final Scheduler scheduler;
    private volatile boolean running;

    DeadlineSchedulerLifecycle(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void start() {
        if (!scheduler.getSchedulerState().isStarted()) {
            scheduler.start();
        }
        running = true;
    }

    @Override
    public void stop() {
        scheduler.stop();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Axon's own lifecycle runs in a lower phase: this one starts after it and stops before it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }
}
