package io.baedal.standalone;

import static io.baedal.standalone.support.HttpJson.json;
import static io.baedal.standalone.support.OrderRequests.aNoodleOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.standalone.support.Await;
import io.baedal.standalone.support.HttpJson;
import io.baedal.standalone.support.PostgresProcesses;
import io.baedal.standalone.support.SeparateJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The standalone application killed with {@code SIGKILL} starts again on the same data directory
 * and carries on with its orders, whether the PostgreSQL it left behind is still running (the JVM
 * was killed with its whole process group, the watchdog included) or was stopped by the watchdog.
 * Each application is a JVM of its own, started from the tests' classpath, so that it can be
 * killed like a real one.
 */
@EnabledOnOs(OS.LINUX)
class CrashRestartTest {

    private static final Duration SOON = Duration.ofSeconds(30);
    /** A JVM's start on a busy machine; one that waits on a locked data directory fails later than this. */
    private static final Duration STARTUP = Duration.ofSeconds(150);
    private static final Duration POSTGRES_STOP = Duration.ofSeconds(60);

    @TempDir
    Path workDir;

    private final List<SeparateJvm> started = new ArrayList<>();

    /** One standalone application in a JVM of its own. */
    private record App(SeparateJvm jvm, HttpJson http) {
    }

    @Test
    void killedWithSigkillTheApplicationStartsAgainOnTheSameDataAndTheOrderReachesDelivered() {
        Path dataDir = workDir.resolve("postgres");

        App first = start("first");
        HttpJson http = first.http();
        HttpJson.Response placed = http.post("/api/orders", json(aNoodleOrder("c-crash")));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        String orderId = placed.json().path("orderId").asString();
        String ticketId = Await.order(http, orderId, view -> "PAID".equals(view.path("status").asString())
                && view.path("ticketId").isString(), SOON).path("ticketId").asString();

        first.jvm().killWithItsChildren();
        assertThat(PostgresProcesses.in(dataDir)).as("the PostgreSQL of the killed JVM, with no watchdog left to stop it")
                .isNotEmpty();

        App second = start("second");
        http = second.http();
        assertThat(second.jvm().log()).as("the second JVM found the first one's PostgreSQL still running")
                .contains("\"event\":\"postgres_orphan_found\"");
        assertThat(Await.status(http, orderId, "PAID", SOON).path("ticketId").asString()).isEqualTo(ticketId);
        accepted(http.post("/api/tickets/" + ticketId + "/accept", null));
        Await.status(http, orderId, "ACCEPTED", SOON);
        accepted(http.post("/api/tickets/" + ticketId + "/start-cooking", null));
        Await.status(http, orderId, "COOKING", SOON);

        second.jvm().kill();
        Await.until("the watchdog stopping the PostgreSQL of a JVM killed alone",
                () -> PostgresProcesses.in(dataDir).isEmpty(), POSTGRES_STOP);

        App third = start("third");
        http = third.http();
        Await.status(http, orderId, "COOKING", SOON);
        accepted(http.post("/api/tickets/" + ticketId + "/finish-cooking", null));
        String deliveryId = Await.order(http, orderId, view -> "READY_FOR_PICKUP".equals(view.path("status").asString())
                && view.path("deliveryId").isString(), SOON).path("deliveryId").asString();
        accepted(http.post("/api/deliveries/" + deliveryId + "/claim", json(Map.of("riderId", "rider-1"))));
        accepted(http.post("/api/deliveries/" + deliveryId + "/pick-up", json(Map.of("riderId", "rider-1"))));
        accepted(http.post("/api/deliveries/" + deliveryId + "/deliver", json(Map.of("riderId", "rider-1"))));
        JsonNode delivered = Await.status(http, orderId, "DELIVERED", SOON);
        List<String> timeline = new ArrayList<>();
        delivered.path("timeline").forEach(entry -> timeline.add(entry.path("status").asString()));
        assertThat(timeline).containsExactly("PAYMENT_PENDING", "PAID", "ACCEPTED", "COOKING",
                "READY_FOR_PICKUP", "PICKED_UP", "DELIVERED");

        List<ProcessHandle> watchdogs = third.jvm().process().descendants().toList();
        assertThat(third.jvm().stop()).as("a clean stop (SIGTERM)").isIn(0, 143);
        Await.until("neither PostgreSQL nor its watchdog left after a clean stop",
                () -> PostgresProcesses.in(dataDir).isEmpty() && watchdogs.stream().noneMatch(ProcessHandle::isAlive),
                POSTGRES_STOP);
    }

    /** Stops whatever a failed run left behind, so that no process outlives the test. */
    @AfterEach
    void stopLeftovers() {
        started.forEach(SeparateJvm::close);
        PostgresProcesses.stopAllIn(workDir.resolve("postgres"));
    }

    /** Starts the application in a JVM of its own and waits until it is ready, or fails with its log. */
    private App start(String name) {
        int port = freePort();
        SeparateJvm jvm = SeparateJvm.start(BaedalApplication.class, workDir.resolve(name + ".log"),
                // The JSON lines of production, not the tests' plain ones.
                "--logging.config=classpath:logback-spring.xml",
                "--server.port=" + port,
                "--baedal.embedded-postgres.data-dir=" + workDir.resolve("postgres"),
                "--baedal.identity.test-accounts=true");
        started.add(jvm);
        HttpJson http = HttpJson.at("http://localhost:" + port);
        Await.until(name + " JVM ready or gone (last look: its log's tail)", jvm::logTail,
                tail -> !jvm.isAlive() || isReady(http), STARTUP);
        assertThat(isReady(http)).as("%s JVM ready (alive: %s); its log ends with:%n%s",
                name, jvm.isAlive(), jvm.logTail()).isTrue();
        return new App(jvm, http);
    }

    private static boolean isReady(HttpJson http) {
        try {
            return http.get("/actuator/health/readiness").status() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void accepted(HttpJson.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(202);
    }
}
