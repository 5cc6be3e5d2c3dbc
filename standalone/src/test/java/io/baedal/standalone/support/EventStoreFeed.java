package io.baedal.standalone.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Follows the event store from one thread and keeps every order's events in memory, so that
 * many tests can wait on many orders without each polling the database or the views (on two
 * cores that polling would starve the application under test). Also follows how far the saga's
 * event processor has got, to tell when the saga has reacted to everything an order went through.
 *
 * <p>Events are read by their global index. An index is allocated before its transaction
 * commits, so a lower one can appear after a higher one: missing indexes are asked for again on
 * every poll until they show up or are old enough to be a rolled-back transaction's.
 */
public final class EventStoreFeed implements OrderFeed, AutoCloseable {

    private static final long POLL_MILLIS = 50;
    private static final Duration GAP_GIVEN_UP_AFTER = Duration.ofSeconds(60);
    private static final String SAGA_PROCESSOR = "OrderSagaProcessor";

    private final JdbcTemplate jdbc;
    private final Thread poller;
    private final Map<String, List<StoredEvent>> byOrder = new HashMap<>();
    /** Indexes below the highest seen that have not shown up yet, with when they were first missed. */
    private final TreeMap<Long, Instant> gaps = new TreeMap<>();
    private long highest = 0;
    private SagaPosition saga = SagaPosition.NOWHERE;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    /** How far each segment of the saga's processor got: below {@code index}, all but the {@code gaps}. */
    private record SagaPosition(List<Long> indexes, List<Long> gaps) {

        static final SagaPosition NOWHERE = new SagaPosition(List.of(), List.of());

        boolean passed(long globalIndex) {
            return !indexes.isEmpty() && indexes.stream().allMatch(index -> index >= globalIndex)
                    && !gaps.contains(globalIndex);
        }
    }

    public EventStoreFeed(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.poller = new Thread(this::follow, "event-store-feed");
        poller.setDaemon(true);
        poller.start();
    }

    @Override
    public synchronized OrderHistory history(String orderId) {
        return OrderHistory.of(orderId, List.copyOf(byOrder.getOrDefault(orderId, List.of())));
    }

    @Override
    public synchronized boolean await(String orderId, Predicate<OrderHistory> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(history(orderId))) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            if (failure != null) {
                throw failure;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return true;
    }

    @Override
    public synchronized boolean sagaCaughtUp(String orderId, Set<String> unhandledTypes) {
        List<StoredEvent> events = byOrder.getOrDefault(orderId, List.of());
        return events.stream().filter(event -> !unhandledTypes.contains(event.type()))
                .allMatch(event -> saga.passed(event.globalIndex()));
    }

    private void follow() {
        while (running) {
            try {
                poll();
            } catch (RuntimeException e) {
                if (running) {
                    failure = e;
                }
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void poll() {
        List<Long> missing;
        long from;
        synchronized (this) {
            missing = new ArrayList<>(gaps.keySet());
            from = highest;
        }
        String where = missing.isEmpty() ? "global_index > ?"
                : "global_index > ? OR global_index IN (" + String.join(",", missing.stream().map(index -> "?").toList()) + ")";
        List<Object> parameters = new ArrayList<>(List.of(from));
        parameters.addAll(missing);
        List<StoredEvent> events = jdbc.query(RunningBaedal.EVENTS + " WHERE " + where + " ORDER BY global_index",
                RunningBaedal::storedEvent, parameters.toArray());
        SagaPosition position = sagaPosition();
        synchronized (this) {
            Instant now = Instant.now();
            for (StoredEvent event : events) {
                long index = event.globalIndex();
                if (highest == 0) {
                    highest = index - 1;
                }
                if (index > highest) {
                    for (long skipped = highest + 1; skipped < index; skipped++) {
                        gaps.put(skipped, now);
                    }
                    highest = index;
                } else if (gaps.remove(index) == null) {
                    continue;
                }
                String orderId = event.orderId();
                if (orderId != null) {
                    List<StoredEvent> ofOrder = byOrder.computeIfAbsent(orderId, id -> new ArrayList<>());
                    ofOrder.add(event);
                    ofOrder.sort(Comparator.comparingLong(StoredEvent::globalIndex));
                }
            }
            gaps.values().removeIf(since -> since.plus(GAP_GIVEN_UP_AFTER).isBefore(now));
            saga = position;
            notifyAll();
        }
    }

    private SagaPosition sagaPosition() {
        List<String> tokens = jdbc.queryForList(
                "SELECT convert_from(token, 'UTF8') FROM token_entry WHERE processor_name = ? AND token IS NOT NULL",
                String.class, SAGA_PROCESSOR);
        List<Long> indexes = new ArrayList<>();
        List<Long> gapsOfTheSaga = new ArrayList<>();
        for (String token : tokens) {
            JsonNode json = HttpJson.parse(token);
            indexes.add(json.findValues("index").stream().mapToLong(JsonNode::asLong).min().orElse(-1));
            json.findValues("gaps").forEach(list -> list.forEach(gap -> gapsOfTheSaga.add(gap.asLong())));
        }
        return new SagaPosition(indexes, gapsOfTheSaga);
    }

    @Override
    public void close() {
        running = false;
        poller.interrupt();
    }
}
