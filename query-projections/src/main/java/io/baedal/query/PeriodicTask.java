package io.baedal.query;

import io.baedal.platform.logging.LogFields;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A task a query instance runs every period on a daemon thread of its own, from the context's
 * start to its stop. A run that fails is logged (with {@code failureEvent}) and the next one still
 * comes: thrown out of a scheduled task, the failure would cancel every later run.
 */
public final class PeriodicTask implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

    private final String name;
    private final Duration period;
    private final Runnable task;
    private final String failureEvent;
    private final Object lifecycle = new Object();
    private ScheduledExecutorService scheduler;

    public PeriodicTask(String name, Duration period, Runnable task, String failureEvent) {
        this.name = name;
        this.period = period;
        this.task = task;
        this.failureEvent = failureEvent;
    }

    /** Runs the task once more on its thread, as soon as that is free; nothing while stopped. */
    public void runSoon() {
        synchronized (lifecycle) {
            if (scheduler != null) {
                try {
                    scheduler.execute(this::runAndCarryOn);
                } catch (RejectedExecutionException stopping) {
                    log.debug("Not running {}: shutting down", name);
                }
            }
        }
    }

    private void runAndCarryOn() {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).addKeyValue(LogFields.EVENT, failureEvent)
                    .log("{} failed, and runs again in {}: {}", name, period, e.getMessage());
        }
    }

    @Override
    public void start() {
        synchronized (lifecycle) {
            if (scheduler != null) {
                return;
            }
            scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, name);
                thread.setDaemon(true);
                return thread;
            });
            long millis = period.toMillis();
            scheduler.scheduleWithFixedDelay(this::runAndCarryOn, millis, millis, TimeUnit.MILLISECONDS);
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
