package io.baedal.standalone.support;

import io.baedal.standalone.BaedalApplication;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The standalone application, started for real on a random port with its embedded PostgreSQL in
 * the given directory: stopping and starting it again on the same directory is a restart.
 */
public final class RunningBaedal implements AutoCloseable {

    private static final String SYNCHRONOUS_COMMIT = "baedal.embedded-postgres.synchronous-commit";
    /** A query of the event store whose rows {@link #storedEvent} reads; add a WHERE clause. */
    public static final String EVENTS = """
            SELECT global_index, aggregate_identifier, sequence_number, payload_type,
                   convert_from(payload, 'UTF8') AS payload, time_stamp
            FROM domain_event_entry""";

    private final ConfigurableApplicationContext context;
    private final HttpJson http;

    private RunningBaedal(ConfigurableApplicationContext context) {
        this.context = context;
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.http = new HttpJson("http://localhost:" + port);
    }

    public static RunningBaedal start(Path dataDir, String... extraProperties) {
        return start(dataDir, List.of(), extraProperties);
    }

    /** Starts with extra configuration classes, for example to replace a port's adapter. */
    public static RunningBaedal start(Path dataDir, List<Class<?>> extraSources, String... extraProperties) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--baedal.embedded-postgres.data-dir=" + dataDir.resolve("postgres"),
                // Tokens for any customer, rider or restaurant the tests make up (see Accounts).
                "--baedal.identity.test-accounts=true"));
        if (Arrays.stream(extraProperties).noneMatch(property -> property.startsWith(SYNCHRONOUS_COMMIT))) {
            // Tests do not need to survive a power cut; a clean shutdown still keeps every commit.
            args.add("--" + SYNCHRONOUS_COMMIT + "=off");
        }
        for (String property : extraProperties) {
            args.add("--" + property);
        }
        SpringApplication application = new SpringApplication(BaedalApplication.class);
        application.addPrimarySources(extraSources);
        return new RunningBaedal(application.run(args.toArray(String[]::new)));
    }

    public HttpJson http() {
        return http;
    }

    /** Where it listens, e.g. {@code http://localhost:41234}. */
    public String baseUrl() {
        return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public JdbcTemplate jdbc() {
        return context.getBean(JdbcTemplate.class);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Events in the event store, of one aggregate or (with null) of all. */
    public long eventCount(String aggregateId) {
        Long count = aggregateId == null
                ? jdbc().queryForObject("SELECT count(*) FROM domain_event_entry", Long.class)
                : jdbc().queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, aggregateId);
        return count == null ? 0 : count;
    }

    /** Events of one type (short name), of one aggregate or (with null) of all. */
    public long eventCount(String aggregateId, String type) {
        String payloadType = "%." + type;
        Long count = aggregateId == null
                ? jdbc().queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE ?",
                Long.class, payloadType)
                : jdbc().queryForObject("""
                        SELECT count(*) FROM domain_event_entry
                        WHERE aggregate_identifier = ? AND payload_type LIKE ?""", Long.class, aggregateId, payloadType);
        return count == null ? 0 : count;
    }

    /** Short names of the payload types of one aggregate's events, in order. */
    public List<String> eventTypes(String aggregateId) {
        return jdbc().queryForList("""
                        SELECT payload_type FROM domain_event_entry
                        WHERE aggregate_identifier = ? ORDER BY sequence_number""", String.class, aggregateId)
                .stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1))
                .toList();
    }

    /** The JSON payload of one event of an aggregate. */
    public String eventPayload(String aggregateId, long sequenceNumber) {
        return jdbc().queryForObject("""
                        SELECT convert_from(payload, 'UTF8') FROM domain_event_entry
                        WHERE aggregate_identifier = ? AND sequence_number = ?""",
                String.class, aggregateId, sequenceNumber);
    }

    /** Every event of these aggregates, in the order of the store. */
    public List<StoredEvent> events(Collection<String> aggregateIds) {
        if (aggregateIds.isEmpty()) {
            return List.of();
        }
        return jdbc().query(EVENTS + " WHERE aggregate_identifier IN (" + placeholders(aggregateIds)
                + ") ORDER BY global_index", RunningBaedal::storedEvent, aggregateIds.toArray());
    }

    /**
     * Every event that names one of these orders in its payload's {@code orderId} (every event of
     * Baedal does), whatever aggregate it belongs to, so also what no view knows about. Reads the
     * whole store: call it for a batch of orders rather than for each.
     */
    public List<StoredEvent> eventsOfOrders(Collection<String> orderIds) {
        if (orderIds.isEmpty()) {
            return List.of();
        }
        return jdbc().query(EVENTS + " WHERE convert_from(payload, 'UTF8')::jsonb ->> 'orderId' IN ("
                + placeholders(orderIds) + ") ORDER BY global_index", RunningBaedal::storedEvent, orderIds.toArray());
    }

    private static String placeholders(Collection<?> values) {
        return String.join(",", Collections.nCopies(values.size(), "?"));
    }

    /** One row of {@link #EVENTS}. */
    public static StoredEvent storedEvent(ResultSet row, int rowNumber) throws SQLException {
        String type = row.getString("payload_type");
        return new StoredEvent(row.getLong("global_index"), row.getString("aggregate_identifier"),
                row.getLong("sequence_number"), type.substring(type.lastIndexOf('.') + 1),
                HttpJson.parse(row.getString("payload")), Instant.parse(row.getString("time_stamp")));
    }

    /** Every row of a table, ordered, as column maps: to compare a view before and after a rebuild. */
    public List<java.util.Map<String, Object>> rows(String table, String orderBy) {
        return jdbc().queryForList("SELECT * FROM " + table + " ORDER BY " + orderBy);
    }

    @Override
    public void close() {
        context.close();
    }
}
