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
 */
public final class EmbeddedPostgresServer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private EmbeddedPostgresServer() {
    }

    /** Starts PostgreSQL on {@code dataDir} (kept across restarts) with fsync and the given commit mode. */
    static EmbeddedPostgres start(Path dataDir, int port, String synchronousCommit) throws IOException {
        Files.createDirectories(dataDir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("synchronous_commit", synchronousCommit)
                .setServerConfig("fsync", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        log.atInfo().addKeyValue("port", postgres.getPort())
                .addKeyValue("dataDir", dataDir.toAbsolutePath().normalize().toString())
                .log("Embedded PostgreSQL on port {} with data in {}", postgres.getPort(),
                        dataDir.toAbsolutePath().normalize());
        return postgres;
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args.length > 0 ? args[0] : "./data/postgres-services");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 5432;
        EmbeddedPostgres postgres = start(dataDir, port, "on");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
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
