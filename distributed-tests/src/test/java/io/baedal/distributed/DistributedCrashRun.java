package io.baedal.distributed;

import io.baedal.standalone.crash.ConsistencyCheck;
import io.baedal.standalone.crash.ConsistencyReport;
import io.baedal.standalone.crash.CrashLoad;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The crash test of the distributed mode: {@code scripts/run-distributed.sh} on a fresh PostgreSQL
 * against an Axon Server, the crash test's bounded load of orders ({@link CrashLoad}) through the
 * gateway, and meanwhile service instances chosen at random (order, payment, kitchen, delivery, saga
 * and query, each instance of them) killed with {@code SIGKILL} at random moments and started again
 * as the script started them. After the last restart every order is driven to its end and the
 * standalone crash test's {@link ConsistencyCheck} runs over the events in Axon Server, the views in
 * PostgreSQL and the services' logs.
 *
 * <p>{@code scripts/crash-test.sh --distributed} runs {@link #main}.
 */
final class DistributedCrashRun {

    private static final Logger log = LoggerFactory.getLogger(DistributedCrashRun.class);
    /** What may be killed: every instance but the gateway and the token issuer, which hold no state and are not Axon's. */
    static final List<String> KILLABLE = List.of("order-1", "order-2", "payment", "kitchen", "delivery",
            "saga-1", "saga-2", "query-1", "query-2");
    /** Each instance is a JVM that starts on two shared cores beside nine others: minutes, not seconds. */
    private static final Duration RESTART = Duration.ofMinutes(12);
    private static final Duration PLACING = Duration.ofMinutes(15);
    private static final Duration DRIVING = Duration.ofMinutes(10);
    private static final Duration SETTLE = Duration.ofMinutes(2);

    record Settings(Path workDir, int orders, int clients, int kills, long seed, Duration minUptime, Duration maxUptime) {
    }

    private final Settings settings;

    DistributedCrashRun(Settings settings) {
        this.settings = settings;
    }

    /** Runs the load with its kills on a running distributed mode and checks it; returns the figures and the report. */
    Outcome run(DistributedBaedal baedal, AxonServerEvents store) {
        Random random = new Random(settings.seed());
        List<ServiceInstance> instances = KILLABLE.stream().map(name -> new ServiceInstance(name, baedal.runDir())).toList();
        List<String> killed = new ArrayList<>();
        List<Long> restartSeconds = new ArrayList<>();
        try (CrashLoad load = new CrashLoad(baedal.http(), store, settings.seed())) {
            load.start(settings.orders(), share(1), settings.clients());
            for (int kill = 1; kill <= settings.kills(); kill++) {
                long uptime = settings.minUptime().toMillis()
                        + (long) (random.nextDouble() * settings.maxUptime().minus(settings.minUptime()).toMillis());
                pause(uptime);
                ServiceInstance victim = instances.get(random.nextInt(instances.size()));
                log.info("Kill {} of {}: {} (PID {}) after {} ms, {} orders answered, {} open", kill, settings.kills(),
                        victim.name(), victim.pid(), uptime, load.answered().size(), load.open());
                long started = System.nanoTime();
                long pid = victim.killAndRestart();
                killed.add(victim.name());
                await(victim.name() + " ready again (PID " + pid + ", log " + victim.logs().get(victim.logs().size() - 1) + ")",
                        () -> {
                            if (!victim.alive()) {
                                throw new IllegalStateException(victim.name() + " exited while starting again; see "
                                        + victim.logs().get(victim.logs().size() - 1));
                            }
                            return victim.ready();
                        }, RESTART);
                long seconds = (System.nanoTime() - started) / 1_000_000_000;
                restartSeconds.add(seconds);
                log.info("{} ready again after {} s (PID {})", victim.name(), seconds, pid);
                load.allow(share(kill + 1));
            }
            await("every order placed", load::allPlaced, PLACING);
            long deadline = System.nanoTime() + DRIVING.toNanos();
            while (!load.allEnded() && System.nanoTime() < deadline) {
                pause(500);
            }
            log.info("Load done: {} orders answered, {} still open", load.answered().size(), load.open());
            List<Path> logs = instances.stream().flatMap(instance -> instance.logs().stream()).toList();
            JdbcTemplate views = baedal.jdbc("query_service");
            ConsistencyCheck check = new ConsistencyCheck(views, store);
            ConsistencyReport report = check.settle(load.answered().keySet(), logs, SETTLE);
            String caught = report.passed() ? checkCatches(check, views, load.answered().keySet()) : "not tried (the run failed)";
            String figures = String.format("%-48s %s%n%-48s %s%n%-48s %s%n%-48s %s%n%-48s %s%n%-48s %s%n%-48s %s%n",
                    "seed", settings.seed(),
                    "kills (SIGKILL) / restarts", killed.size() + " / " + restartSeconds.size(),
                    "instances killed, in order", String.join(", ", killed),
                    "seconds from kill to ready again", restartSeconds,
                    "placements sent (incl. retries)", load.attempts(),
                    "placements answered only after a retry", load.answeredAfterRetry(),
                    "placements refused (4xx)", load.refused())
                    + report.figures(50)
                    + String.format("%-48s %s%n", "the check's own test, after the run", caught);
            log.info("Distributed crash run {}:\n{}", report.passed() ? "passed its checks" : "FAILED its checks", figures);
            return new Outcome(report, figures, caught.startsWith("caught"));
        }
    }

    /**
     * The check must fail where it should on these events and views as well, so that its pass means
     * something here too: once the run is over, one delivered order's view row is changed, an order
     * nobody placed is said to have been answered and a placed one is left out of the answered. The
     * check must report all three.
     */
    private static String checkCatches(ConsistencyCheck check, JdbcTemplate views, Set<String> answered) {
        String delivered = views.queryForList("SELECT order_id FROM order_status_view WHERE status = 'DELIVERED' "
                + "ORDER BY order_id LIMIT 1", String.class).stream().findFirst().orElse(null);
        if (delivered == null) {
            return "not tried (no order was delivered)";
        }
        views.update("UPDATE order_status_view SET status = 'COOKING' WHERE order_id = ?", delivered);
        String dropped = answered.stream().filter(orderId -> !orderId.equals(delivered)).sorted().findFirst().orElseThrow();
        Set<String> told = new HashSet<>(answered);
        told.remove(dropped);
        String madeUp = "never-placed-" + UUID.randomUUID();
        told.add(madeUp);
        List<String> violations = check.check(told, List.of()).violations();
        boolean tamperedView = violations.stream().anyMatch(violation -> violation.startsWith(delivered + ": view status"));
        boolean lost = violations.stream().anyMatch(violation -> violation.startsWith(madeUp + ": answered 201"));
        boolean unknown = violations.stream().anyMatch(violation -> violation.startsWith(dropped + ": in the store"));
        return tamperedView && lost && unknown
                ? "caught a changed view row, a lost order and an unknown order"
                : "MISSED: changed view row " + tamperedView + ", lost order " + lost + ", unknown order " + unknown;
    }

    /** @param checkCaught whether the check reported what was changed after the run ({@link #checkCatches}) */
    record Outcome(ConsistencyReport report, String figures, boolean checkCaught) {
    }

    /** The orders that may be placed by the end of the {@code stretch}-th stretch between kills. */
    private int share(int stretch) {
        return settings.orders() * stretch / (settings.kills() + 1);
    }

    private static void await(String what, BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Gave up waiting for " + what + " after " + timeout);
            }
            pause(1000);
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

    /**
     * {@code DistributedCrashRun <workDir> [orders] [kills] [clients] [seed]}: on the Axon Server of
     * {@code AXONSERVER_SERVERS} (its HTTP port {@code AXONSERVER_HTTP_PORT}, default 8024), or on one
     * of its own from {@code AXONSERVER_JAR} with its data in the work directory; writes the figures to
     * {@code <workDir>/report.txt} and exits 0 when every check passed, 1 when one failed, 2 when the
     * run itself could not be completed.
     */
    public static void main(String[] args) throws IOException {
        Path workDir = Path.of(args[0]).toAbsolutePath();
        int orders = args.length > 1 ? Integer.parseInt(args[1]) : 80;
        int kills = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int clients = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : System.currentTimeMillis() % 100_000;
        wipe(workDir);
        Files.createDirectories(workDir);
        Path reportFile = workDir.resolve("report.txt");
        DistributedCrashRun run = new DistributedCrashRun(new Settings(workDir, orders, clients, kills, seed,
                Duration.ofSeconds(5), Duration.ofSeconds(30)));
        List<AutoCloseable> open = new ArrayList<>();
        Thread stopOnExit = new Thread(() -> closeAll(open), "distributed-crash-run-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        int exitCode;
        try {
            String grpc;
            String http;
            String servers = System.getenv("AXONSERVER_SERVERS");
            if (servers != null && !servers.isBlank()) {
                grpc = servers;
                http = "http://" + servers.split(",")[0].split(":")[0] + ":"
                        + System.getenv().getOrDefault("AXONSERVER_HTTP_PORT", "8024");
            } else {
                String jar = System.getenv("AXONSERVER_JAR");
                if (jar == null || jar.isBlank()) {
                    throw new IllegalStateException("Set AXONSERVER_SERVERS (a running Axon Server) or AXONSERVER_JAR");
                }
                OwnAxonServer axonServer = OwnAxonServer.start(Path.of(jar), Files.createDirectories(workDir.resolve("axonserver")));
                open.add(0, axonServer);
                grpc = axonServer.grpcAddress();
                http = axonServer.httpAddress();
            }
            long fromToken = AxonServerEvents.head(http);
            log.info("Distributed crash test: {} orders from {} clients, {} kills, seed {}; Axon Server {} from token {}",
                    orders, clients, kills, seed, grpc, fromToken);
            long started = System.nanoTime();
            DistributedBaedal baedal = DistributedBaedal.start(grpc, http, workDir.resolve("distributed"), Map.of(
                    // As in the standalone crash test: the acceptance timeout within the run, and a
                    // payment gateway that fails one call in ten (the saga's retries, the same key each time).
                    "BAEDAL_SAGA_ACCEPTANCETIMEOUT", "20s",
                    "BAEDAL_PAYMENT_SIMULATEDGATEWAY_FAILURERATE", "0.1",
                    "BAEDAL_PAYMENT_SIMULATEDGATEWAY_LATENCY", "20ms",
                    "BAEDAL_IDENTITY_TEST_ACCOUNTS", "true",
                    // Ten JVMs starting at once on two shared cores: the script's 8 minutes were seen to run out.
                    "BAEDAL_STARTUP_TIMEOUT", "1500"), false);
            open.add(0, baedal);
            log.info("Distributed mode ready in {} s", (System.nanoTime() - started) / 1_000_000_000);
            AxonServerEvents store = new AxonServerEvents(http, baedal.jdbc(), fromToken);
            open.add(0, store);
            Outcome outcome = run.run(baedal, store);
            String took = String.format("%-48s %s%n", "run time (start to check, minutes)",
                    String.format("%.1f", (System.nanoTime() - started) / 60e9));
            Files.writeString(reportFile, outcome.figures() + took);
            exitCode = outcome.report().passed() && outcome.checkCaught() ? 0 : 1;
        } catch (Exception e) {
            log.error("Distributed crash test could not complete (seed {})", seed, e);
            Files.writeString(reportFile, "The crash test could not complete (seed " + seed + "): " + e.getMessage() + "\n");
            exitCode = 2;
        }
        closeAll(open);
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
        System.exit(exitCode);
    }

    /** The feed, then the distributed mode (the script stops every instance by its PID file), then Axon Server. */
    private static synchronized void closeAll(List<AutoCloseable> open) {
        for (AutoCloseable closeable : List.copyOf(open)) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("Could not stop {}", closeable, e);
            }
            open.remove(closeable);
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
