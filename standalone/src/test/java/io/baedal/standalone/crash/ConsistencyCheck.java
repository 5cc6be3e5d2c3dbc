package io.baedal.standalone.crash;

import static io.baedal.standalone.support.HttpJson.text;

import io.baedal.standalone.support.HttpJson;
import io.baedal.standalone.support.OrderHistory;
import io.baedal.standalone.support.OrderInvariants;
import io.baedal.standalone.support.RunningBaedal;
import io.baedal.standalone.support.StoredEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks, after a run, the event store and the views of a Baedal database against each other and
 * against what the clients were told: every order answered {@code 201} exists and ended; money,
 * kitchen and delivery agree with how it ended ({@link OrderInvariants}); no payment, ticket or
 * delivery without an order; every row of the order, kitchen, rider and notification views equals
 * the fold of its events ({@link OrderHistory}); and, from the applications' JSON logs, no
 * notification was sent twice (nor never).
 *
 * <p>The views and the notification dispatcher trail the store by a moment: {@link #settle} checks
 * again until they agree or the time is up; what the store says does not change once every order
 * has ended.
 *
 * <p>The events come from an {@link EventSource}: the database's own {@code domain_event_entry} in
 * standalone, Axon Server in the distributed mode (whose views are in PostgreSQL all the same).
 */
public final class ConsistencyCheck {

    private static final Logger log = LoggerFactory.getLogger(ConsistencyCheck.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PLACED = "OrderPlacedEvent";
    /** The provider's key of a notification: this, then the identifier of the event it tells of. */
    private static final String NOTIFICATION_KEY = "notification:";

    /** Every event of the store by its identifier, in the store's order. */
    @FunctionalInterface
    public interface EventSource {
        Map<String, StoredEvent> eventsById();
    }

    private final JdbcTemplate jdbc;
    private final EventSource store;

    /** The standalone application's database: its event store and its views. */
    public ConsistencyCheck(JdbcTemplate jdbc) {
        this(jdbc, () -> {
            Map<String, StoredEvent> events = new LinkedHashMap<>();
            jdbc.query(RunningBaedal.EVENTS.replace("SELECT ", "SELECT event_identifier, ") + " ORDER BY global_index",
                    row -> {
                        events.put(row.getString("event_identifier"), RunningBaedal.storedEvent(row, 0));
                    });
            return events;
        });
    }

    /**
     * @param views the database of the views (order status, kitchen queue, rider board,
     *              notifications) and of the notification provider's records
     * @param store where the events are
     */
    public ConsistencyCheck(JdbcTemplate views, EventSource store) {
        this.jdbc = views;
        this.store = store;
    }

    /**
     * Checks until the views agree with the store and every notification was sent, or
     * {@code timeout} has passed, and returns the last report. The notifications are sent from a
     * processor of their own, which may trail the views.
     *
     * @param answered the orders whose placement was answered {@code 201}; every other order in the
     *                 store counts as one nobody was told about
     * @param appLogs  the JSON logs of every run of the application on this database, for the
     *                 notifications it sent; empty to leave that check out
     */
    public ConsistencyReport settle(Collection<String> answered, List<Path> appLogs, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ConsistencyReport report = check(answered, appLogs);
            if (report.viewMismatches() == 0 && report.neverSent() == 0 || System.nanoTime() > deadline) {
                return report;
            }
            log.info("Views or notifications not caught up yet ({} mismatches, {} notifications not sent), checking again",
                    report.viewMismatches(), report.neverSent());
            pause();
        }
    }

    /** One look at the store, the views and the logs. */
    public ConsistencyReport check(Collection<String> answered, List<Path> appLogs) {
        ConsistencyReport report = new ConsistencyReport(answered.size());
        Map<String, StoredEvent> eventsById = store.eventsById();
        Map<String, List<StoredEvent>> eventsByOrder = eventsByOrder(report, eventsById.values());
        Map<String, OrderHistory> orders = new TreeMap<>();
        eventsByOrder.forEach((orderId, events) -> {
            OrderHistory history = OrderHistory.of(orderId, events);
            if (history.count(PLACED) == 0) {
                report.orphan(orderId, "events of " + kinds(history) + " but no order");
            } else {
                orders.put(orderId, history);
            }
        });
        report.ordersInStore(orders.size());
        for (String orderId : answered) {
            if (!orders.containsKey(orderId)) {
                report.lost(orderId);
            }
        }
        Set<String> told = Set.copyOf(answered);
        orders.forEach((orderId, history) -> {
            if (!told.contains(orderId)) {
                report.unknown(orderId);
            }
            storeOf(report, history);
        });
        viewsOf(report, orders);
        notificationViewOf(report, orders);
        if (!appLogs.isEmpty()) {
            notificationsSent(report, orders, appLogs, eventsById);
        }
        return report;
    }

    private static Map<String, List<StoredEvent>> eventsByOrder(ConsistencyReport report, Collection<StoredEvent> events) {
        Map<String, List<StoredEvent>> byOrder = new LinkedHashMap<>();
        report.events(events.size());
        for (StoredEvent event : events) {
            if (event.orderId() == null) {
                report.orphan(event.aggregateId(), event.type() + " names no order");
            } else {
                byOrder.computeIfAbsent(event.orderId(), id -> new ArrayList<>()).add(event);
            }
        }
        return byOrder;
    }

    private static void storeOf(ConsistencyReport report, OrderHistory history) {
        report.storeProblems(history.orderId(), OrderInvariants.ofTheStore(history));
        long charges = history.count("PaymentApprovedEvent");
        long refunds = history.count("PaymentRefundedEvent");
        report.money(history.orderId(), charges, refunds);
        if (history.terminal()) {
            report.ended(history.status());
            boolean refundOwed = charges > 0 && !"DELIVERED".equals(history.status());
            if (refundOwed != (refunds > 0)) {
                report.refundMismatch(history.orderId(), history.outcome() + ", charged " + charges + ", refunded " + refunds);
            }
        }
    }

    /** The order status view with its timeline, the kitchen queue and the rider board, row by row. */
    private void viewsOf(ConsistencyReport report, Map<String, OrderHistory> orders) {
        Map<String, ObjectNode> orderViews = new HashMap<>();
        jdbc.query("SELECT * FROM order_status_view", row -> {
            ObjectNode view = JSON.createObjectNode();
            view.put("orderId", row.getString("order_id"));
            view.put("status", row.getString("status"));
            view.put("reason", row.getString("reason"));
            view.put("paymentId", row.getString("payment_id"));
            view.put("ticketId", row.getString("ticket_id"));
            view.put("deliveryId", row.getString("delivery_id"));
            view.put("riderId", row.getString("rider_id"));
            view.putArray("timeline");
            orderViews.put(row.getString("order_id"), view);
        });
        jdbc.query("SELECT order_id, status FROM order_status_timeline ORDER BY order_id, position", row -> {
            ObjectNode view = orderViews.get(row.getString("order_id"));
            ((ArrayNode) view.get("timeline")).addObject().put("status", row.getString("status"));
        });
        Map<String, List<JsonNode>> tickets = rowsByOrder(
                "SELECT ticket_id AS \"ticketId\", order_id AS \"orderId\", status FROM kitchen_ticket_view");
        Map<String, List<JsonNode>> deliveries = rowsByOrder("""
                SELECT delivery_id AS "deliveryId", order_id AS "orderId", status, rider_id AS "riderId"
                FROM rider_board_view""");
        report.viewRows(orderViews.size() + count(tickets) + count(deliveries));
        orders.forEach((orderId, history) -> report.viewProblems(orderId, OrderInvariants.ofTheViews(history,
                orderViews.get(orderId), tickets.getOrDefault(orderId, List.of()), deliveries.getOrDefault(orderId, List.of()))));
        orderViews.keySet().stream().filter(orderId -> !orders.containsKey(orderId))
                .forEach(orderId -> report.viewProblems(orderId, List.of("an order view row of an order the store does not have")));
        Stream.concat(tickets.keySet().stream(), deliveries.keySet().stream()).distinct()
                .filter(orderId -> !orders.containsKey(orderId))
                .forEach(orderId -> report.viewProblems(orderId, List.of("a ticket or delivery row of an order the store does not have")));
    }

    /** One stored notification per status change of the order, for its customer, with that status. */
    private void notificationViewOf(ConsistencyReport report, Map<String, OrderHistory> orders) {
        Map<String, Map<Long, String>> stored = new HashMap<>();
        Map<String, String> recipients = new HashMap<>();
        jdbc.query("SELECT order_id, order_sequence, status, customer_id FROM customer_notification", row -> {
            String orderId = row.getString("order_id");
            stored.computeIfAbsent(orderId, id -> new TreeMap<>()).put(row.getLong("order_sequence"), row.getString("status"));
            String customer = row.getString("customer_id");
            String earlier = recipients.putIfAbsent(orderId, customer);
            if (earlier != null && !earlier.equals(customer)) {
                report.viewProblems(orderId, List.of("notifications to two customers"));
            }
        });
        report.notificationRows(stored.values().stream().mapToInt(Map::size).sum());
        orders.forEach((orderId, history) -> {
            Map<Long, String> expected = statusChanges(history);
            Map<Long, String> shown = stored.getOrDefault(orderId, Map.of());
            if (!expected.equals(shown)) {
                report.viewProblems(orderId, List.of("notifications view shows " + shown + " but the store says " + expected));
            }
            String customer = history.first(PLACED).field("customerId");
            if (recipients.containsKey(orderId) && !customer.equals(recipients.get(orderId))) {
                report.viewProblems(orderId, List.of("notifications to " + recipients.get(orderId) + ", not " + customer));
            }
        });
        stored.keySet().stream().filter(orderId -> !orders.containsKey(orderId))
                .forEach(orderId -> report.viewProblems(orderId, List.of("notifications of an order the store does not have")));
    }

    /**
     * The {@code notification_sent} lines of the logs against the order's status changes: more
     * lines than changes of a status is a notification sent twice. Fewer is one never sent unless
     * the provider recorded its delivery ({@code notification_delivery}, keyed by the event): a kill
     * after the provider took the message and before our log line was written loses only the line.
     */
    private void notificationsSent(ConsistencyReport report, Map<String, OrderHistory> orders, List<Path> appLogs,
                                   Map<String, StoredEvent> eventsById) {
        Map<String, Map<String, Integer>> sent = new HashMap<>();
        for (Path appLog : appLogs) {
            try (Stream<String> lines = Files.lines(appLog)) {
                lines.filter(line -> line.contains("\"notification_sent\"")).forEach(line -> {
                    JsonNode json;
                    try {
                        json = HttpJson.parse(line);
                    } catch (RuntimeException cutOffByTheKill) {
                        return;
                    }
                    if ("notification_sent".equals(text(json, "event"))) {
                        sent.computeIfAbsent(text(json, "orderId"), id -> new TreeMap<>())
                                .merge(text(json, "status"), 1, Integer::sum);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        report.notificationsSent(sent.values().stream().flatMap(byStatus -> byStatus.values().stream())
                .mapToInt(Integer::intValue).sum());
        Map<String, Set<Long>> delivered = new HashMap<>();
        for (String key : jdbc.queryForList("SELECT idempotency_key FROM notification_delivery", String.class)) {
            StoredEvent event = key.startsWith(NOTIFICATION_KEY) ? eventsById.get(key.substring(NOTIFICATION_KEY.length())) : null;
            if (event != null) {
                delivered.computeIfAbsent(event.aggregateId(), id -> new HashSet<>()).add(event.sequence());
            }
        }
        orders.forEach((orderId, history) -> {
            Map<String, Integer> expected = new TreeMap<>();
            Map<String, Integer> recorded = new TreeMap<>();
            statusChanges(history).forEach((sequence, status) -> {
                expected.merge(status, 1, Integer::sum);
                if (delivered.getOrDefault(orderId, Set.of()).contains(sequence)) {
                    recorded.merge(status, 1, Integer::sum);
                }
            });
            Map<String, Integer> actual = sent.getOrDefault(orderId, Map.of());
            Set<String> statuses = new TreeSet<>(expected.keySet());
            statuses.addAll(actual.keySet());
            for (String status : statuses) {
                int difference = actual.getOrDefault(status, 0) - expected.getOrDefault(status, 0);
                if (difference > 0) {
                    report.sentTwice(orderId, status, difference);
                } else if (difference < 0 && recorded.getOrDefault(status, 0) < expected.getOrDefault(status, 0)) {
                    report.neverSent(orderId, status, expected.get(status)
                            - Math.max(actual.getOrDefault(status, 0), recorded.getOrDefault(status, 0)));
                }
            }
        });
        sent.keySet().stream().filter(orderId -> !orders.containsKey(orderId))
                .forEach(orderId -> report.sentTwice(orderId, "of an order the store does not have", 1));
    }

    /** The status after each event of the order aggregate, by its sequence number: one notification each. */
    private static Map<Long, String> statusChanges(OrderHistory history) {
        List<StoredEvent> events = history.ofAggregate(history.orderId());
        List<String> timeline = history.timeline();
        Map<Long, String> changes = new TreeMap<>();
        for (int i = 0; i < events.size(); i++) {
            changes.put(events.get(i).sequence(), timeline.get(i));
        }
        return changes;
    }

    private Map<String, List<JsonNode>> rowsByOrder(String sql) {
        Map<String, List<JsonNode>> byOrder = new HashMap<>();
        for (Map<String, Object> row : jdbc.queryForList(sql)) {
            JsonNode node = JSON.valueToTree(row);
            byOrder.computeIfAbsent(text(node, "orderId"), id -> new ArrayList<>()).add(node);
        }
        return byOrder;
    }

    private static int count(Map<String, List<JsonNode>> rows) {
        return rows.values().stream().mapToInt(List::size).sum();
    }

    private static String kinds(OrderHistory history) {
        List<String> kinds = new ArrayList<>();
        history.paymentIds().forEach(id -> kinds.add("payment " + id));
        history.ticketIds().forEach(id -> kinds.add("ticket " + id));
        history.deliveryIds().forEach(id -> kinds.add("delivery " + id));
        return kinds.isEmpty() ? history.events().size() + " events" : String.join(", ", kinds);
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
