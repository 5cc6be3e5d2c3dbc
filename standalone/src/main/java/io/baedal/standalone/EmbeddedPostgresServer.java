package io.baedal.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL that standalone starts for itself, also runnable on its own for the
 * distributed mode's services ({@code scripts/run-distributed.sh}), so that neither needs a
 * PostgreSQL installed: {@code java -cp baedal-standalone.jar
 * -Dloader.main=io.baedal.standalone.EmbeddedPostgresServer
 * org.springframework.boot.loader.launch.PropertiesLauncher <data-dir> <port>}. It runs until the
 * process is stopped ({@code SIGTERM} shuts PostgreSQL down cleanly).
 *
 * <p>It survives its own crash: a PostgreSQL that a killed JVM left running on the data directory
 * is stopped before this one starts ({@link OrphanedPostmaster}), and a watchdog stops this one
 * soon after its JVM ends, however it ends ({@link PostmasterWatchdog}).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;
    private final PostmasterWatchdog watchdog;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, PostmasterWatchdog watchdog) {
        this.postgres = postgres;
        this.watchdog = watchdog;
    }

    /** Starts PostgreSQL on {@code dataDir} (kept across restarts) with fsync and the given commit mode. */
    static EmbeddedPostgresServer start(Path dataDir, int port, String synchronousCommit) throws IOException {
        Path directory = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(directory);
        OrphanedPostmaster.stopIfAny(directory);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("synchronous_commit", synchronousCommit)
                .setServerConfig("fsync", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                // Zonky's own hook would stop PostgreSQL at the first moment of a shutdown, under the
                // event processors still storing their tokens; close() runs after them, and the
                // watchdog covers a JVM that ends without running its hooks.
                .setRegisterShutdownHook(false)
                .start();
        long postmasterPid = OrphanedPostmaster.postmasterPid(directory)
                .orElseThrow(() -> new IllegalStateException("PostgreSQL started without writing " + directory
                        + "/postmaster.pid"));
        PostmasterWatchdog watchdog;
        try {
            watchdog = PostmasterWatchdog.start(directory, postmasterPid);
        } catch (IOException | RuntimeException e) {
            postgres.close();
            throw e;
        }
        log.atInfo().addKeyValue("port", postgres.getPort())
                .addKeyValue("dataDir", directory.toString())
                .addKeyValue("pid", postmasterPid)
                .addKeyValue("watchdogPid", watchdog.pid())
                .log("Embedded PostgreSQL on port {} with data in {}", postgres.getPort(), directory);
        return new EmbeddedPostgresServer(postgres, watchdog);
    }

    String jdbcUrl(String user, String database) {
        return postgres.getJdbcUrl(user, database);
    }

    /** Stops PostgreSQL, then its watchdog. */
    @Override
    public void close() throws IOException {
        try {
            postgres.close();
        } finally {
            watchdog.close();
        }
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args.length > 0 ? args[0] : "./data/postgres-services");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 5432;
        EmbeddedPostgresServer server = start(dataDir, port, "on");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
                log.info("Embedded PostgreSQL stopped");
            } catch (IOException e) {
                log.error("Embedded PostgreSQL did not stop cleanly", e);
            } finally {
                stopped.countDown();
            }
        }, "embedded-postgres-stop"));
        stopped.await();
    }
}
