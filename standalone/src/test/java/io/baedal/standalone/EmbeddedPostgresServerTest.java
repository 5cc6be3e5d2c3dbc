package io.baedal.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baedal.standalone.support.Await;
import io.baedal.standalone.support.PostgresProcesses;
import io.baedal.standalone.support.SeparateJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL and what it leaves behind: a PostgreSQL orphaned by a killed JVM is
 * stopped by the next start on its directory, and only there; one that a running process owns is
 * never stopped; a stale {@code postmaster.pid} does not keep PostgreSQL from starting, even when
 * its PID now belongs to another process, which is left alone; a JVM killed alone takes its
 * PostgreSQL with it. The servers run {@link EmbeddedPostgresServer#main} in
 * JVMs of their own, as {@code scripts/run-distributed.sh} does.
 */
@EnabledOnOs(OS.LINUX)
class EmbeddedPostgresServerTest {

    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Duration POSTGRES_STOP = Duration.ofSeconds(60);

    @TempDir
    Path workDir;

    private final List<SeparateJvm> servers = new ArrayList<>();
    private final List<Path> dataDirs = new ArrayList<>();

    @Test
    void anOrphanIsStoppedByTheNextStartOnItsDirectoryAndOnlyThere() throws Exception {
        Path orphanDir = dataDir("orphan");
        Path otherDir = dataDir("other");
        server("orphan", orphanDir).killWithItsChildren();
        long orphan = PostgresProcesses.postmasterPid(orphanDir);
        assertThat(PostgresProcesses.alive(orphan)).as("left running, its watchdog killed with its JVM").isTrue();

        Files.createDirectories(otherDir);
        Files.copy(orphanDir.resolve("postmaster.pid"), otherDir.resolve("postmaster.pid"));
        OrphanedPostmaster.stopIfAny(otherDir);
        assertThat(PostgresProcesses.alive(orphan)).as("a PostgreSQL in another directory is not ours to stop").isTrue();
        assertThat(otherDir.resolve("postmaster.pid")).as("nor is the lock file that names it").exists();

        try (EmbeddedPostgresServer restarted = EmbeddedPostgresServer.start(orphanDir, 0, "on")) {
            assertThat(PostgresProcesses.alive(orphan)).isFalse();
            assertThat(PostgresProcesses.postmasterPid(orphanDir)).isNotEqualTo(orphan);
            assertThat(selectOne(restarted)).isEqualTo(1);
        }
        Await.until("no PostgreSQL left after a clean close", () -> PostgresProcesses.in(orphanDir).isEmpty(), POSTGRES_STOP);
    }

    @Test
    void aPostgresWhoseServerStillRunsIsNeverStopped() {
        Path dataDir = dataDir("shared");
        SeparateJvm running = server("running", dataDir);
        long postmaster = PostgresProcesses.postmasterPid(dataDir);

        assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDir, 0, "on"))
                .hasMessageContaining("could not lock");

        assertThat(PostgresProcesses.alive(postmaster)).isTrue();
        assertThat(PostgresProcesses.postmasterPid(dataDir)).isEqualTo(postmaster);
        assertThat(running.isAlive()).isTrue();
    }

    @Test
    void aStalePostmasterPidWhosePidWasReusedIsRemovedAndTheProcessLeftAlone() throws Exception {
        Path dataDir = dataDir("reused");
        EmbeddedPostgresServer.start(dataDir, 0, "on").close();
        Process bystander = new ProcessBuilder("sleep", "300").start();
        try {
            Files.writeString(dataDir.resolve("postmaster.pid"), bystander.pid() + "\n");

            try (EmbeddedPostgresServer restarted = EmbeddedPostgresServer.start(dataDir, 0, "on")) {
                assertThat(selectOne(restarted)).isEqualTo(1);
            }

            assertThat(bystander.isAlive()).isTrue();
        } finally {
            bystander.destroyForcibly().waitFor();
        }
    }

    @Test
    void aStalePostmasterPidOfADeadProcessIsReplacedByPostgres() throws Exception {
        Path dataDir = dataDir("dead");
        EmbeddedPostgresServer.start(dataDir, 0, "on").close();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(dataDir.resolve("postmaster.pid"), gone.pid() + "\n");

        try (EmbeddedPostgresServer restarted = EmbeddedPostgresServer.start(dataDir, 0, "on")) {
            assertThat(selectOne(restarted)).isEqualTo(1);
            assertThat(PostgresProcesses.postmasterPid(dataDir)).isNotEqualTo(gone.pid());
        }
    }

    @Test
    void aServerKilledAloneTakesItsPostgresWithIt() {
        Path dataDir = dataDir("killed");
        SeparateJvm server = server("killed", dataDir);
        assertThat(PostgresProcesses.in(dataDir)).isNotEmpty();

        server.kill();

        Await.until("the PostgreSQL stopped by the watchdog", () -> PostgresProcesses.in(dataDir).isEmpty(), POSTGRES_STOP);
    }

    @Test
    void aServerStoppedCleanlyLeavesNothingRunning() {
        Path dataDir = dataDir("stopped");
        SeparateJvm server = server("stopped", dataDir);
        List<ProcessHandle> watchdog = server.process().descendants().toList();
        assertThat(watchdog).isNotEmpty();

        assertThat(server.stop()).isIn(0, 143);

        Await.until("neither PostgreSQL nor its watchdog left after a clean stop",
                () -> PostgresProcesses.in(dataDir).isEmpty() && watchdog.stream().noneMatch(ProcessHandle::isAlive),
                POSTGRES_STOP);
        assertThat(dataDir.resolve("postmaster.pid")).doesNotExist();
    }

    /** Stops whatever a failed run left behind, so that no process outlives the test. */
    @AfterEach
    void stopLeftovers() {
        servers.forEach(SeparateJvm::close);
        dataDirs.forEach(PostgresProcesses::stopAllIn);
    }

    private Path dataDir(String name) {
        Path dataDir = workDir.resolve(name);
        dataDirs.add(dataDir);
        return dataDir;
    }

    /** Runs {@link EmbeddedPostgresServer#main} on that directory in a JVM of its own, and waits until it serves. */
    private SeparateJvm server(String name, Path dataDir) {
        SeparateJvm server = SeparateJvm.start(EmbeddedPostgresServer.class, workDir.resolve(name + ".log"),
                dataDir.toString(), "0");
        servers.add(server);
        Await.until(name + " server started or gone (last look: its log's tail)", server::logTail,
                tail -> !server.isAlive() || server.log().contains("Embedded PostgreSQL on port"), STARTUP);
        assertThat(server.log()).as("%s server started (alive: %s); its log ends with:%n%s",
                name, server.isAlive(), server.logTail()).contains("Embedded PostgreSQL on port");
        return server;
    }

    private static int selectOne(EmbeddedPostgresServer server) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres", "postgres"));
             ResultSet result = connection.createStatement().executeQuery("SELECT 1")) {
            result.next();
            return result.getInt(1);
        }
    }
}
