package io.baedal.distributed;

import io.baedal.standalone.crash.ConsistencyCheck;
import io.baedal.standalone.support.HttpJson;
import io.baedal.standalone.support.OrderFeed;
import io.baedal.standalone.support.OrderHistory;
import io.baedal.standalone.support.StoredEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Axon Server's event store as the crash test reads it, over Axon Server's HTTP event stream
 * ({@code GET /v1/events}, Server-Sent Events whose {@code id} is the event's token plus one):
 * followed live from one thread for the load's restaurant and rider ({@link OrderFeed}), and read
 * once more to its end for the check ({@link ConsistencyCheck.EventSource}). Also follows how far the
 * saga's processor got, from its tokens in the saga service's schema.
 *
 * <p>Axon Server hands out a token when it stores an event, so, unlike PostgreSQL's global index,
 * the stream has no gaps to wait for.
 */
final class AxonServerEvents implements OrderFeed, ConsistencyCheck.EventSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AxonServerEvents.class);
    private static final String SAGA_PROCESSOR = "OrderSagaProcessor";
    /** How long one request of the live stream stays open before it is asked again from where it got. */
    private static final long LIVE_SECONDS = 30;
    /** Enough permits that the stream never stops for want of them (Axon Server's default is 10,000). */
    private static final long MAX_EVENTS = 100_000_000;

    private final String httpAddress;
    private final JdbcTemplate jdbc;
    private final long fromToken;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, List<StoredEvent>> byOrder = new HashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private long next;
    private List<Long> sagaTokens = List.of();
    private volatile boolean running = true;

    /**
     * @param httpAddress Axon Server's HTTP address, e.g. {@code http://localhost:8024}
     * @param jdbc        the services' database, for the saga's tokens ({@code saga_service.token_entry})
     * @param fromToken   the first token of this run: what an Axon Server held before is not this run's
     */
    AxonServerEvents(String httpAddress, JdbcTemplate jdbc, long fromToken) {
        this.httpAddress = httpAddress;
        this.jdbc = jdbc;
        this.fromToken = fromToken;
        this.next = fromToken;
        threads.add(daemon("axon-server-events", this::follow));
        threads.add(daemon("saga-tokens", this::followSaga));
    }

    /**
     * The token the next event Axon Server stores will get: where a run that starts now begins. Asks
     * for a minute while the event store answers 503 (it does so for a moment after Axon Server is UP).
     */
    static long head(String httpAddress) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            try {
                long[] end = {0};
                readToEnd(HttpClient.newHttpClient(), httpAddress, 0, (token, event) -> end[0] = token + 1);
                return end[0];
            } catch (IllegalStateException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                pause(1000);
            }
        }
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
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return true;
    }

    /** Every segment of the saga's processor has got past each of the order's events seen so far. */
    @Override
    public synchronized boolean sagaCaughtUp(String orderId, Set<String> unhandledTypes) {
        List<Long> tokens = sagaTokens;
        return !tokens.isEmpty() && byOrder.getOrDefault(orderId, List.of()).stream()
                .filter(event -> !unhandledTypes.contains(event.type()))
                .allMatch(event -> tokens.stream().allMatch(token -> token >= event.globalIndex()));
    }

    /** Every event of this run, read afresh from Axon Server up to its end: the judge of what happened. */
    @Override
    public Map<String, StoredEvent> eventsById() {
        Map<String, StoredEvent> events = new LinkedHashMap<>();
        readToEnd(client, httpAddress, fromToken, (token, event) -> events.put(event.path("messageIdentifier").asString(),
                storedEvent(token, event)));
        return events;
    }

    private void follow() {
        while (running) {
            try {
                long from;
                synchronized (this) {
                    from = next;
                }
                stream(client, httpAddress, from, LIVE_SECONDS, this::seen);
            } catch (RuntimeException e) {
                log.debug("Axon Server's event stream broke off; asking again", e);
            }
            pause(200);
        }
    }

    private synchronized void seen(long token, JsonNode event) {
        next = token + 1;
        StoredEvent stored = storedEvent(token, event);
        if (stored.orderId() != null) {
            byOrder.computeIfAbsent(stored.orderId(), id -> new ArrayList<>()).add(stored);
        }
        notifyAll();
    }

    /**
     * The saga's position per segment: the token of the last event it handled (a
     * {@code GlobalSequenceTrackingToken}'s {@code globalIndex}); a segment without one has handled nothing.
     */
    private void followSaga() {
        while (running) {
            try {
                List<Long> tokens = jdbc.queryForList("SELECT convert_from(token, 'UTF8') FROM saga_service.token_entry "
                        + "WHERE processor_name = ?", String.class, SAGA_PROCESSOR).stream()
                        .map(token -> token == null ? -1L : HttpJson.parse(token).findValues("globalIndex").stream()
                                .mapToLong(JsonNode::asLong).min().orElse(-1))
                        .toList();
                synchronized (this) {
                    sagaTokens = tokens;
                    notifyAll();
                }
            } catch (RuntimeException notYet) {
                log.debug("No saga tokens yet", notYet);
            }
            pause(200);
        }
    }

    /** Reads from {@code from} until a request of the stream brings nothing new. */
    private static void readToEnd(HttpClient client, String httpAddress, long from, TokenAndEvent sink) {
        long[] position = {from};
        int read;
        do {
            int[] count = {0};
            stream(client, httpAddress, position[0], 3, (token, event) -> {
                sink.accept(token, event);
                position[0] = token + 1;
                count[0]++;
            });
            read = count[0];
        } while (read > 0);
    }

    /** One request of the stream, open for {@code seconds}, from the event with token {@code from} on. */
    private static void stream(HttpClient client, String httpAddress, long from, long seconds, TokenAndEvent sink) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(httpAddress + "/v1/events?trackingToken=" + from
                        + "&timeout=" + seconds + "&maxEvents=" + MAX_EVENTS))
                .header("Accept", "text/event-stream").build();
        try {
            HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Axon Server's event stream answered " + response.statusCode());
            }
            long[] token = {-1};
            try (Stream<String> lines = response.body()) {
                lines.forEach(line -> {
                    if (line.startsWith("id:")) {
                        token[0] = Long.parseLong(line.substring(3).trim()) - 1;
                    } else if (line.startsWith("data:")) {
                        sink.accept(token[0], HttpJson.parse(line.substring(5)));
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static StoredEvent storedEvent(long token, JsonNode event) {
        JsonNode payload = HttpJson.parse(event.path("payload").path("data").asString());
        String type = event.path("payload").path("type").asString();
        return new StoredEvent(token, event.path("aggregateIdentifier").asString(),
                event.path("aggregateSequenceNumber").asLong(), type.substring(type.lastIndexOf('.') + 1),
                payload, Instant.ofEpochMilli(event.path("timestamp").asLong()));
    }

    @FunctionalInterface
    private interface TokenAndEvent {
        void accept(long token, JsonNode event);
    }

    private static Thread daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        threads.forEach(Thread::interrupt);
    }
}
