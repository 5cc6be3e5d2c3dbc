package io.baedal.platform.axon;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.Registration;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event store as our processors read it, waking them up as soon as an event is committed.
 * A pooled streaming processor waits for a stream's "events available" callback; Axon Server's
 * streams give one, the embedded event store's (JPA, standalone) do not, and the processor then
 * looks again every 500 ms: every view a client waits for was up to half a second late. Here a
 * stream that has no callback of its own is woken after each local commit of events, and at the
 * latest every {@code fallback} (events stored by another JVM on the same database).
 */
public class ProcessorEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProcessorEventSource.class);
    private static final long[] AGAIN_AFTER_MILLIS = {5, 25, 100};

    private final EventStore store;
    private final Duration fallbackInterval;
    private final Set<Runnable> waiting = ConcurrentHashMap.newKeySet();
    private final Registration subscription;
    private final ScheduledExecutorService fallback;

    public ProcessorEventSource(EventStore store, Duration fallback) {
        this.store = store;
        this.fallbackInterval = fallback;
        this.subscription = store.subscribe(events -> wakeAfterCommit());
        this.fallback = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "processor-wake-up");
            thread.setDaemon(true);
            return thread;
        });
        this.fallback.scheduleWithFixedDelay(this::wake, fallback.toMillis(), fallback.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void wakeAfterCommit() {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> wakeNowAndSoon());
        } else {
            wakeNowAndSoon();
        }
    }

    /**
     * The event store's own reader may fetch the committed events a moment after this wake-up (its
     * after-commit step may come later, and a processor at the head reads only what the reader
     * fetched), so the processors are woken again shortly after.
     */
    private void wakeNowAndSoon() {
        if (waiting.isEmpty()) {
            // No stream waits on us: a service without processors, or streams with a callback of their own.
            return;
        }
        wake();
        for (long delay : AGAIN_AFTER_MILLIS) {
            try {
                fallback.schedule(this::wake, delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                return;
            }
        }
    }

    private void wake() {
        for (Runnable callback : waiting) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                log.warn("A processor's wake-up failed; it looks again within {}", fallbackInterval, e);
            }
        }
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        return new WakingStream(store.openStream(token));
    }

    @Override
    public TrackingToken createTailToken() {
        return store.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return store.createTokenAt(dateTime);
    }

    @Override
    public void close() {
        subscription.cancel();
        fallback.shutdownNow();
        waiting.clear();
    }

    private final class WakingStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> delegate;
        private volatile Runnable callback;

        private WakingStream(BlockingStream<TrackedEventMessage<?>> delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            if (delegate.setOnAvailableCallback(callback)) {
                return true;
            }
            forget();
            this.callback = callback;
            waiting.add(callback);
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public boolean hasNextAvailable() {
            return delegate.hasNextAvailable();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public void close() {
            forget();
            delegate.close();
        }

        private void forget() {
            Runnable previous = callback;
            if (previous != null) {
                waiting.remove(previous);
            }
        }
    }
}
