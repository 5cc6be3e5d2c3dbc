package io.baedal.standalone.crash;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.baedal.standalone.BaedalApplication;
import io.baedal.standalone.support.EventStoreFeed;
import io.baedal.standalone.support.HttpJson;
import io.baedal.standalone.support.PostgresProcesses;
import io.baedal.standalone.support.SeparateJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The crash test: the standalone application under a bounded load of orders ({@link CrashLoad}),
 * killed with {@code SIGKILL} at random moments and started again on the same data directory,
 * then every order driven to its end and the whole database checked ({@link ConsistencyCheck}).
 * Kills alternate between the JVM alone (its watchdog then stops PostgreSQL) and the JVM with
 * every process it started (the next start finds PostgreSQL still running).
 *
 * <p>{@code scripts/crash-test.sh} runs {@link #main} against the packaged jar;
 * {@code CrashConsistencyTest} runs a small one from the tests' class path.
 */
public final class CrashRun implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CrashRun.class);
    private static final Duration STARTUP = Duration.ofMinutes(10);
    private static final Duration PLACING = Duration.ofMinutes(10);

    /**
     * @param jar        the application's executable jar, or null to run {@link BaedalApplication} from this class path
     * @param minUptime  the least time the application serves between its readiness and a kill
     * @param maxUptime  the most
     * @param driveLimit how long after the last restart the orders may take to end
     * @param settle     how long the views may take to catch up with the store
     */
    public record Settings(Path workDir, Path jar, int orders, int clients, int kills, long seed,
                           Duration minUptime, Duration maxUptime, Duration driveLimit, Duration settle) {
    }

    /** What happened: the check's report and the figures of the run itself. */
    public record Outcome(ConsistencyReport report, Set<String> answered, int kills, int restarts, int attempts,
                          int answeredAfterRetry, int refused, List<Path> appLogs, String figures) {
    }

    private final Settings settings;
    private final Path dataDir;
    private final int httpPort = freePort();
    private final int postgresPort = freePort();
    private final List<Path> appLogs = new ArrayList<>();
    private final HikariDataSource dataSource;
    private SeparateJvm app;

    public CrashRun(Settings settings) {
        this.settings = settings;
        this.dataDir = settings.workDir().resolve("postgres");
        this.dataSource = dataSource();
    }

    /** The application's database, while it runs. */
    public JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource);
    }

    /** Runs the load with its kills and checks the database; the last application keeps running until {@link #close}. */
    public Outcome run() {
        Random random = new Random(settings.seed());
        HttpJson http = HttpJson.at("http://localhost:" + httpPort);
        int kills = 0;
        start(http);
        try (EventStoreFeed store = new EventStoreFeed(jdbc());
             CrashLoad load = new CrashLoad(http, store, settings.seed())) {
            load.start(settings.orders(), share(1), settings.clients());
            while (kills < settings.kills()) {
                long uptime = settings.minUptime().toMillis()
                        + (long) (random.nextDouble() * (settings.maxUptime().minus(settings.minUptime()).toMillis()));
                pause(uptime);
                kills++;
                boolean withChildren = kills % 2 == 0;
                log.info("Kill {} of {} after {} ms up ({}), {} orders answered, {} open", kills, settings.kills(),
                        uptime, withChildren ? "JVM, watchdog and PostgreSQL" : "JVM alone", load.answered().size(),
                        load.open());
                if (withChildren) {
                    app.killWithItsChildren();
                } else {
                    app.kill();
                }
                start(http);
                load.allow(share(kills + 1));
            }
            await("every order placed", load::allPlaced, PLACING);
            // An order that does not end in time is for the check to report, with where it got stuck.
            awaitQuietly(load::allEnded, settings.driveLimit());
            log.info("Load done: {} orders answered, {} still open", load.answered().size(), load.open());
            ConsistencyReport report = new ConsistencyCheck(jdbc())
                    .settle(load.answered().keySet(), List.copyOf(appLogs), settings.settle());
            String figures = String.format("%-48s %s%n%-48s %s%n%-48s %s%n%-48s %s%n%-48s %s%n",
                    "seed", settings.seed(),
                    "kills (SIGKILL) / restarts", kills + " / " + kills,
                    "placements sent (incl. retries)", load.attempts(),
                    "placements answered only after a retry", load.answeredAfterRetry(),
                    "placements refused (4xx)", load.refused())
                    + report.figures(50);
            log.info("Crash run {}:\n{}", report.passed() ? "passed its checks" : "FAILED its checks", figures);
            return new Outcome(report, load.answered().keySet(), kills, kills, load.attempts(),
                    load.answeredAfterRetry(), load.refused(), List.copyOf(appLogs), figures);
        }
    }

    /** Stops the application (SIGTERM) and whatever PostgreSQL still runs in its data directory. */
    @Override
    public void close() {
        dataSource.close();
        if (app != null && app.isAlive()) {
            app.stop();
        }
        PostgresProcesses.stopAllIn(dataDir);
    }

    private void start(HttpJson http) {
        Path appLog = settings.workDir().resolve("app-" + (appLogs.size() + 1) + ".log");
        appLogs.add(appLog);
        String[] args = {
                "--server.port=" + httpPort,
                "--baedal.embedded-postgres.port=" + postgresPort,
                "--baedal.embedded-postgres.data-dir=" + dataDir,
                "--baedal.identity.test-accounts=true",
                "--baedal.saga.acceptance-timeout=20s",
                // Some gateway calls fail: the saga's retries, and the same idempotency key each time.
                "--baedal.payment.simulated-gateway.failure-rate=0.1",
                "--baedal.payment.simulated-gateway.latency=20ms",
                // The JSON lines of production, also from the tests' class path.
                "--logging.config=classpath:logback-spring.xml"};
        app = settings.jar() == null
                ? SeparateJvm.start(BaedalApplication.class, appLog, args)
                : SeparateJvm.jar(settings.jar(), appLog, args);
        long started = System.nanoTime();
        SeparateJvm jvm = app;
        await("the application ready (log " + appLog + ")", () -> !jvm.isAlive() || ready(http), STARTUP);
        if (!ready(http)) {
            throw new IllegalStateException("The application did not start; its log ends with:\n" + jvm.logTail());
        }
        log.info("Application {} ready in {} s on port {} (PostgreSQL {})", appLogs.size(),
                (System.nanoTime() - started) / 1_000_000_000, httpPort, postgresPort);
    }

    /** The orders that may be placed by the end of the {@code stretch}-th stretch between kills. */
    private int share(int stretch) {
        return settings.orders() * stretch / (settings.kills() + 1);
    }

    private HikariDataSource dataSource() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://localhost:" + postgresPort + "/postgres");
        config.setUsername("postgres");
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        // The database comes and goes with the application: fail fast while it is away, connect when back.
        config.setConnectionTimeout(1000);
        config.setInitializationFailTimeout(-1);
        config.setPoolName("crash-check");
        return new HikariDataSource(config);
    }

    private static boolean ready(HttpJson http) {
        try {
            return http.get("/actuator/health/readiness").status() == 200;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private static void await(String what, java.util.function.BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Gave up waiting for " + what + " after " + timeout);
            }
            pause(250);
        }
    }

    private static void awaitQuietly(java.util.function.BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            pause(250);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code CrashRun <workDir> <jar|-> [orders] [kills] [clients] [seed]}: runs the crash test,
     * writes its figures to {@code <workDir>/report.txt} and exits 0 when every check passed, 1
     * when one failed, 2 when the run itself could not be completed.
     */
    public static void main(String[] args) throws IOException {
        Path workDir = Path.of(args[0]).toAbsolutePath();
        Path jar = args.length > 1 && !"-".equals(args[1]) ? Path.of(args[1]).toAbsolutePath() : null;
        int orders = args.length > 2 ? Integer.parseInt(args[2]) : 150;
        int kills = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int clients = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        long seed = args.length > 5 ? Long.parseLong(args[5]) : System.currentTimeMillis() % 100_000;
        PostgresProcesses.stopAllIn(workDir.resolve("postgres"));
        wipe(workDir);
        Files.createDirectories(workDir);
        CrashRun run = new CrashRun(new Settings(workDir, jar, orders, clients, kills, seed,
                Duration.ofSeconds(3), Duration.ofSeconds(15), Duration.ofMinutes(4), Duration.ofSeconds(60)));
        Thread stopOnExit = new Thread(run::stopQuietly, "crash-run-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        Path reportFile = workDir.resolve("report.txt");
        int exitCode;
        try (run) {
            Outcome outcome = run.run();
            Files.writeString(reportFile, outcome.figures());
            exitCode = outcome.report().passed() ? 0 : 1;
        } catch (RuntimeException e) {
            log.error("Crash test could not complete (seed {})", seed, e);
            Files.writeString(reportFile, "The crash test could not complete (seed " + seed + "): " + e.getMessage() + "\n");
            exitCode = 2;
        }
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
        System.exit(exitCode);
    }

    private void stopQuietly() {
        try {
            if (app != null && app.isAlive()) {
                app.killWithItsChildren();
            }
            PostgresProcesses.stopAllIn(dataDir);
        } catch (RuntimeException e) {
            log.warn("Could not stop everything", e);
        }
    }

    private static void wipe(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
