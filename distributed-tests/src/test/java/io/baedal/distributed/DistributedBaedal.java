package io.baedal.distributed;

import io.baedal.standalone.support.HttpJson;
import io.baedal.standalone.support.StoredEvent;
import io.baedal.standalone.support.TcpRelay;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;

/**
 * Baedal's distributed mode as a user starts it: {@code scripts/run-distributed.sh} against the Axon
 * Server of {@code AXONSERVER_SERVERS}, on a PostgreSQL of this test's own (embedded, fresh each
 * run), each service a JVM of its own and the gateway on :8080, with tracing on: every service sends
 * its spans to an OTLP receiver in this JVM (as to Tempo in compose), under its application name.
 * Stopped as the user stops it: the script gets {@code SIGTERM} and stops what it started.
 */
final class DistributedBaedal implements AutoCloseable {

    static final String GATEWAY = "http://localhost:8080";
    private static final Duration STARTUP = Duration.ofMinutes(9);

    private final EmbeddedPostgres postgres;
    private final TcpRelay axonServer;
    private final Process script;
    private final Path runDir;
    private final String axonServerHttp;
    private final OtlpReceiver traces;
    private final HttpClient client = HttpClient.newHttpClient();

    private DistributedBaedal(EmbeddedPostgres postgres, TcpRelay axonServer, Process script, Path runDir,
                              String axonServerHttp, OtlpReceiver traces) {
        this.postgres = postgres;
        this.traces = traces;
        this.axonServer = axonServer;
        this.script = script;
        this.runDir = runDir;
        this.axonServerHttp = axonServerHttp;
    }

    /**
     * @param axonServers    Axon Server's gRPC address, {@code host:port}
     * @param axonServerHttp its HTTP address, for reading its events, e.g. {@code http://localhost:8024}
     */
    static DistributedBaedal start(String axonServers, String axonServerHttp, Path runDir) throws Exception {
        return start(axonServers, axonServerHttp, runDir, Map.of(), true);
    }

    /**
     * @param settings environment variables for every service (Spring's relaxed names), e.g. a shorter timeout
     * @param traced   whether the services export their spans to a receiver in this JVM
     */
    static DistributedBaedal start(String axonServers, String axonServerHttp, Path runDir, Map<String, String> settings,
                                   boolean traced) throws Exception {
        // The repository: the working directory of a runner started from it, the module's parent under Maven.
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.exists(here.resolve("scripts/run-distributed.sh")) ? here : here.getParent();
        Files.createDirectories(runDir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(runDir.resolve("postgres"))
                .setCleanDataDirectory(true)
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "200")
                .start();
        ProcessBuilder builder = new ProcessBuilder(root.resolve("scripts/run-distributed.sh").toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(runDir.resolve("script.log").toFile());
        // The services reach Axon Server through a relay that the test can cut, as if it were killed.
        TcpRelay relay = TcpRelay.to(axonServers.split(",")[0].trim());
        builder.environment().put("AXONSERVER_SERVERS", "localhost:" + relay.port());
        builder.environment().put("BAEDAL_RUN_DIR", runDir.toString());
        builder.environment().put("SPRING_DATASOURCE_URL", postgres.getJdbcUrl("postgres", "postgres"));
        builder.environment().put("SPRING_DATASOURCE_USERNAME", "postgres");
        builder.environment().put("SPRING_DATASOURCE_PASSWORD", "");
        // Tokens for the customers and riders the tests make up (standalone's test support, Accounts).
        builder.environment().put("BAEDAL_IDENTITY_TEST_ACCOUNTS", "true");
        OtlpReceiver traces = traced ? OtlpReceiver.start() : null;
        if (traced) {
            builder.environment().put("BAEDAL_TRACING_ENABLED", "true");
            builder.environment().put("BAEDAL_TRACING_OTLPENDPOINT", traces.endpoint());
            builder.environment().put("BAEDAL_TRACING_EXPORTDELAY", "200ms");
        }
        builder.environment().putAll(settings);
        Process script = builder.start();
        DistributedBaedal baedal = new DistributedBaedal(postgres, relay, script, runDir, axonServerHttp, traces);
        // The script's own limit (BAEDAL_STARTUP_TIMEOUT, in seconds) when one is given, and a minute more.
        Duration startup = settings.containsKey("BAEDAL_STARTUP_TIMEOUT")
                ? Duration.ofSeconds(Long.parseLong(settings.get("BAEDAL_STARTUP_TIMEOUT")) + 60) : STARTUP;
        try {
            baedal.awaitReady(startup);
        } catch (Exception notReady) {
            baedal.close(); // the script, the database and the receiver's thread
            throw notReady;
        }
        return baedal;
    }

    private void awaitReady(Duration startup) throws Exception {
        long deadline = System.nanoTime() + startup.toNanos();
        while (System.nanoTime() < deadline) {
            String log = scriptLog();
            if (log.contains("BAEDAL_DISTRIBUTED_READY")) {
                return;
            }
            if (!script.isAlive()) {
                throw new IllegalStateException("run-distributed.sh exited with " + script.exitValue() + ":\n" + log);
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("not ready within " + startup + ":\n" + scriptLog());
    }

    String scriptLog() throws IOException {
        Path log = runDir.resolve("script.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** The spans every service has exported so far. */
    List<OtlpReceiver.ReceivedSpan> spans() {
        return traces.spans();
    }

    HttpJson http() {
        return HttpJson.at(GATEWAY);
    }

    JdbcTemplate jdbc() {
        return new JdbcTemplate(postgres.getPostgresDatabase());
    }

    /** The services' database with one service's schema first on the search path (e.g. {@code query_service}). */
    JdbcTemplate jdbc(String schema) {
        return new JdbcTemplate(new SingleConnectionDataSource(
                postgres.getJdbcUrl("postgres", "postgres") + "&currentSchema=" + schema, true));
    }

    /** Where the script keeps its logs ({@code logs/}) and its PID files ({@code pids/}). */
    Path runDir() {
        return runDir;
    }

    /** The PID of the process that holds a processor's segments now (Axon's token owner is {@code pid@host}). */
    List<Long> ownersOf(String schema, String processor) {
        return jdbc().queryForList("SELECT DISTINCT owner FROM " + schema + ".token_entry WHERE processor_name = ? "
                        + "AND owner IS NOT NULL", String.class, processor).stream()
                .map(owner -> Long.parseLong(owner.substring(0, owner.indexOf('@'))))
                .toList();
    }

    /** Every service loses Axon Server: open connections reset, new ones refused. */
    void axonServerAway() {
        axonServer.cut();
    }

    void axonServerBack() {
        axonServer.restore();
    }

    long pidOf(String instance) throws IOException {
        return Long.parseLong(Files.readString(runDir.resolve("pids").resolve(instance + ".pid")).trim());
    }

    /** {@code kill -9}: the process gets no chance to release its claims or finish its batch. */
    static void kill9(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    /**
     * Every event in Axon Server that names one of these orders in its payload's {@code orderId},
     * read from its HTTP event stream from the first event on: the judge of what happened.
     */
    List<StoredEvent> eventsOfOrders(Collection<String> orderIds) {
        Set<String> wanted = Set.copyOf(orderIds);
        List<StoredEvent> events = new ArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create(axonServerHttp + "/v1/events?trackingToken=0&timeout=2"))
                .header("Accept", "text/event-stream").build();
        try {
            HttpResponse<java.util.stream.Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
            long[] token = {-1};
            response.body().forEach(line -> {
                if (line.startsWith("id:")) {
                    token[0] = Long.parseLong(line.substring(3).trim());
                } else if (line.startsWith("data:")) {
                    JsonNode event = HttpJson.parse(line.substring(5));
                    JsonNode payload = HttpJson.parse(event.path("payload").path("data").asString());
                    if (wanted.contains(HttpJson.text(payload, "orderId"))) {
                        String type = event.path("payload").path("type").asString();
                        events.add(new StoredEvent(token[0], event.path("aggregateIdentifier").asString(),
                                event.path("aggregateSequenceNumber").asLong(), type.substring(type.lastIndexOf('.') + 1),
                                payload, Instant.ofEpochMilli(event.path("timestamp").asLong())));
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return events;
    }

    @Override
    public void close() throws Exception {
        try {
            script.toHandle().destroy();
            if (!script.waitFor(2, TimeUnit.MINUTES)) {
                script.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                script.destroyForcibly();
            }
        } finally {
            axonServer.close();
            postgres.close();
            if (traces != null) {
                traces.close();
            }
        }
    }
}
