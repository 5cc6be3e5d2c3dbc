package io.baedal.standalone;

import static io.baedal.standalone.support.HttpJson.text;
import static io.baedal.standalone.support.OrderRequests.aNoodleOrder;
import static io.baedal.standalone.support.OrderRequests.with;
import static io.baedal.standalone.support.Race.later;
import static io.baedal.standalone.support.Race.side;
import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.standalone.support.Actions;
import io.baedal.standalone.support.Answer;
import io.baedal.standalone.support.Await;
import io.baedal.standalone.support.EventStoreFeed;
import io.baedal.standalone.support.JsonLogCapture;
import io.baedal.standalone.support.OrderDriver;
import io.baedal.standalone.support.OrderDriver.Stage;
import io.baedal.standalone.support.OrderHistory;
import io.baedal.standalone.support.OrderInvariants;
import io.baedal.standalone.support.OrderRequests;
import io.baedal.standalone.support.Race;
import io.baedal.standalone.support.RunningBaedal;
import io.baedal.standalone.support.StoredEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Races every pair of actions that can meet on one order, over HTTP, on many orders at once, then
 * lets a restaurant and a rider ({@link OrderDriver}) finish each order and checks that every
 * order ended, that money, kitchen and delivery agree with how it ended, that the views show
 * what the event store says, and that every answer was one the contract allows.
 *
 * <p>The application starts once, with short timeouts so that races with the saga's deadlines
 * happen within seconds. Every pair runs at the same time as the others, on its own orders; each
 * test below waits for its pair and fails with the orders that went wrong, what was wrong and
 * their events, in order, from the store. A pair that only loses orders to a legitimate outcome
 * it did not aim at (the acceptance timeout beat a slow setup) still checks those orders'
 * invariants; the log line of each pair tells how its races went.
 */
class RaceHarnessTest {

    private static final Logger log = LoggerFactory.getLogger(RaceHarnessTest.class);

    private static final Duration ACCEPTANCE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration RIDER_CLAIM_TIMEOUT = Duration.ofSeconds(2);
    /** Orders per pair ({@code -Drace.orders=}), and of the pair that reproduces the stuck cancel ({@code -Drace.repro-orders=}). */
    private static final int ORDERS = Integer.getInteger("race.orders", 12);
    private static final int REPRO_ORDERS = Integer.getInteger("race.repro-orders", 60);
    /** Threads that place orders, take them to their stage and race; drivers and race sides have their own. */
    private static final int ACTOR_THREADS = 16;
    /** Actions raced against a deadline fire from this much before it to this much after (the scheduler polls every 500 ms). */
    private static final long JITTER_BEFORE_MS = 400;
    private static final long JITTER_AFTER_MS = 900;
    /**
     * In a race of the customer's cancel with the kitchen, every other order gives the kitchen's
     * action up to this much delay, spread over those orders: the saga's reaction to the cancel
     * then meets the kitchen at different points, not only after it.
     */
    private static final long KITCHEN_SKEW_MS = 500;
    /*
     * Generous waits: with every pair running at once a busy 2-core machine takes an order through
     * its journey in well over half a minute (seen: 38 s to PICKED_UP). A correct run ends each
     * wait as soon as the order gets there; only a stuck order waits them out.
     */
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);
    /** How long the driver keeps trying to finish an order after its race; an order not ended then is stuck. */
    private static final Duration DRIVE_TIMEOUT = Duration.ofSeconds(120);
    /** How long the views get to show what the store says (they follow it on their own processors). */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PAIR_TIMEOUT = Duration.ofMinutes(8);
    private static final int ORDERS_DESCRIBED = 6;

    private static final String TIMEOUT_REASON = "ACCEPTANCE_TIMEOUT";
    private static final String CANCELLED = "CANCELLED/CUSTOMER_CANCELLED";
    private static final String DELIVERED = "DELIVERED";
    private static final String RESTAURANT_REJECTED = "REJECTED/RESTAURANT_REJECTED";
    private static final String TIMED_OUT = "REJECTED/" + TIMEOUT_REASON;

    @TempDir
    static Path dataDir;

    private static RunningBaedal baedal;
    private static EventStoreFeed store;
    private static JsonLogCapture logs;
    private static OrderDriver driver;
    private static Actions act;
    private static ExecutorService actors;
    private static ExecutorService drivers;
    private static final Map<String, CompletableFuture<PairReport>> REPORTS = new LinkedHashMap<>();

    private static final List<Pair> ALL_PAIRS = List.of(
            new Pair("cancel x accept", ORDERS, run -> {
                if (run.reach(Stage.PAID)) {
                    run.race(side(() -> act.cancel(run.orderId)), later(run.kitchenSkew(), side(() -> act.accept(run.ticketId))));
                }
            }, (run, history) -> all(
                    answered(run, "cancel", "202"),
                    answered(run, "accept", "202", "409 ILLEGAL_TICKET_STATE"),
                    endsIn(history, CANCELLED, DELIVERED),
                    onlyIf(history.count("CookingStartedEvent") == 0, "nothing was cooked", history, CANCELLED))),

            new Pair("cancel x accept-then-start-cooking", REPRO_ORDERS, run -> {
                if (run.reach(Stage.PAID)) {
                    run.race(side(() -> act.cancel(run.orderId)), later(run.kitchenSkew(), () -> {
                        Answer accept = act.accept(run.ticketId);
                        return accept.accepted() ? List.of(accept, act.startCooking(run.ticketId)) : List.of(accept);
                    }));
                }
            }, (run, history) -> all(
                    answered(run, "cancel", "202"),
                    answered(run, "accept", "202", "409 ILLEGAL_TICKET_STATE"),
                    run.answer("start-cooking") == null ? List.of()
                            : answered(run, "start-cooking", "202", "409 ILLEGAL_TICKET_STATE"),
                    endsIn(history, CANCELLED, DELIVERED),
                    onlyIf(history.count("CookingStartedEvent") > 0, "the kitchen started cooking", history, DELIVERED))),

            new Pair("cancel x reject", ORDERS, run -> {
                if (run.reach(Stage.PAID)) {
                    run.race(side(() -> act.cancel(run.orderId)), later(run.kitchenSkew(), side(() -> act.reject(run.ticketId))));
                }
            }, (run, history) -> all(
                    answered(run, "cancel", "202", "409 ILLEGAL_ORDER_STATE"),
                    answered(run, "reject", "202", "409 ILLEGAL_TICKET_STATE"),
                    endsIn(history, CANCELLED, RESTAURANT_REJECTED),
                    onlyIf(run.answer("cancel").accepted(), "the cancel was accepted", history, CANCELLED),
                    onlyIf(!run.answer("reject").accepted(), "the reject was refused", history, CANCELLED))),

            new Pair("cancel x reject, the cancel right after the refund", ORDERS, run -> {
                if (run.reach(Stage.PAID)) {
                    run.race(side(() -> act.reject(run.ticketId)));
                    store.await(run.orderId, history -> history.count("PaymentRefundedEvent") > 0, SETUP_TIMEOUT);
                    long delay = spread(run, 0, 200);
                    run.note = "cancel " + delay + " ms after the refund showed in the store";
                    Await.pause(delay);
                    run.race(side(() -> act.cancel(run.orderId)));
                }
            }, (run, history) -> all(
                    answered(run, "reject", "202"),
                    answered(run, "cancel", "202", "409 ILLEGAL_ORDER_STATE"),
                    endsIn(history, CANCELLED, RESTAURANT_REJECTED),
                    onlyIf(run.answer("cancel").accepted(), "the cancel was accepted", history, CANCELLED))),

            new Pair("cancel x start-cooking", ORDERS, run -> {
                if (run.reach(Stage.ACCEPTED)) {
                    run.race(side(() -> act.cancel(run.orderId)),
                            later(run.kitchenSkew(), side(() -> act.startCooking(run.ticketId))));
                }
            }, (run, history) -> all(
                    answered(run, "cancel", "202", "409 ILLEGAL_ORDER_STATE"),
                    answered(run, "start-cooking", "202", "409 ILLEGAL_TICKET_STATE"),
                    endsIn(history, CANCELLED, DELIVERED),
                    onlyIf(run.answer("start-cooking").accepted(), "cooking started", history, DELIVERED),
                    onlyIf(!run.answer("cancel").accepted(), "the cancel was refused", history, DELIVERED))),

            new Pair("cancel x finish-cooking", ORDERS, run -> {
                if (run.reach(Stage.COOKING)) {
                    run.race(side(() -> act.cancel(run.orderId)), side(() -> act.finishCooking(run.ticketId)));
                }
            }, (run, history) -> all(
                    answered(run, "cancel", "409 ILLEGAL_ORDER_STATE"),
                    answered(run, "finish-cooking", "202"),
                    endsIn(history, DELIVERED))),

            new Pair("cancel x cancel", ORDERS, run -> {
                if (run.reach(Stage.PAID)) {
                    run.race(side(() -> act.cancel(run.orderId)), side(() -> act.cancel(run.orderId)));
                }
            }, (run, history) -> all(
                    oneWins(run, "cancel#1", "cancel#2", "ILLEGAL_ORDER_STATE"),
                    endsIn(history, CANCELLED))),

            new Pair("cancel x payment approved", ORDERS, run -> {
                run.place(aNoodleOrder(run.customer()));
                run.cancelAfter(spread(run, 0, 600));
            }, (run, history) -> all(
                    answered(run, "cancel", "202"),
                    endsIn(history, CANCELLED))),

            new Pair("cancel x payment declined", ORDERS, run -> {
                run.place(with(aNoodleOrder(run.customer()), "paymentToken", "decline-race"));
                run.cancelAfter(spread(run, 0, 1000));
            }, (run, history) -> all(
                    answered(run, "cancel", "202", "409 ILLEGAL_ORDER_STATE"),
                    endsIn(history, CANCELLED, "REJECTED/PAYMENT_DECLINED"),
                    onlyIf(run.answer("cancel").accepted(), "the cancel was accepted", history, CANCELLED))),

            new Pair("cancel x payment unavailable", ORDERS, run -> {
                run.place(with(aNoodleOrder(run.customer()), "paymentToken", "unavailable-race"));
                run.cancelAfter(spread(run, 0, 4000));
            }, (run, history) -> all(
                    answered(run, "cancel", "202", "409 ILLEGAL_ORDER_STATE"),
                    endsIn(history, CANCELLED, "REJECTED/PAYMENT_UNAVAILABLE"),
                    onlyIf(run.answer("cancel").accepted(), "the cancel was accepted", history, CANCELLED))),

            new Pair("cancel x acceptance timeout", ORDERS, run -> {
                if (run.reach(Stage.PAID)) {
                    run.atTheDeadline("TicketCreatedEvent", ACCEPTANCE_TIMEOUT, side(() -> act.cancel(run.orderId)));
                }
            }, (run, history) -> all(
                    answered(run, "cancel", "202", "409 ILLEGAL_ORDER_STATE"),
                    endsIn(history, CANCELLED, TIMED_OUT),
                    onlyIf(run.answer("cancel").accepted(), "the cancel was accepted", history, CANCELLED))),

            new Pair("accept x acceptance timeout", ORDERS, run -> {
                if (run.reach(Stage.PAID)) {
                    run.atTheDeadline("TicketCreatedEvent", ACCEPTANCE_TIMEOUT, side(() -> act.accept(run.ticketId)));
                }
            }, (run, history) -> all(
                    answered(run, "accept", "202", "409 ILLEGAL_TICKET_STATE"),
                    endsIn(history, DELIVERED, TIMED_OUT),
                    onlyIf(run.answer("accept").accepted(), "the accept was accepted", history, DELIVERED))),

            new Pair("reject x acceptance timeout", ORDERS, run -> {
                if (run.reach(Stage.PAID)) {
                    run.atTheDeadline("TicketCreatedEvent", ACCEPTANCE_TIMEOUT, side(() -> act.reject(run.ticketId)));
                }
            }, (run, history) -> all(
                    answered(run, "reject", "202", "409 ILLEGAL_TICKET_STATE"),
                    endsIn(history, RESTAURANT_REJECTED, TIMED_OUT),
                    onlyIf(run.answer("reject").accepted(), "the reject was accepted", history, RESTAURANT_REJECTED))),

            new Pair("accept x reject", ORDERS, run -> {
                if (run.reach(Stage.PAID)) {
                    run.race(side(() -> act.accept(run.ticketId)), side(() -> act.reject(run.ticketId)));
                }
            }, (run, history) -> all(
                    oneWins(run, "accept", "reject", "ILLEGAL_TICKET_STATE"),
                    endsIn(history, DELIVERED, RESTAURANT_REJECTED),
                    onlyIf(run.answer("accept").accepted(), "the accept won", history, DELIVERED))),

            new Pair("start-cooking x start-cooking", ORDERS, run -> {
                if (run.reach(Stage.ACCEPTED)) {
                    run.race(side(() -> act.startCooking(run.ticketId)), side(() -> act.startCooking(run.ticketId)));
                }
            }, (run, history) -> all(
                    oneWins(run, "start-cooking#1", "start-cooking#2", "ILLEGAL_TICKET_STATE"),
                    endsIn(history, DELIVERED))),

            new Pair("finish-cooking x finish-cooking", ORDERS, run -> {
                if (run.reach(Stage.COOKING)) {
                    run.race(side(() -> act.finishCooking(run.ticketId)), side(() -> act.finishCooking(run.ticketId)));
                }
            }, (run, history) -> all(
                    oneWins(run, "finish-cooking#1", "finish-cooking#2", "ILLEGAL_TICKET_STATE"),
                    endsIn(history, DELIVERED))),

            new Pair("claim x claim by another rider", ORDERS, run -> {
                if (run.reach(Stage.READY_FOR_PICKUP)) {
                    run.race(side(() -> act.claim(run.deliveryId, "rider-1")),
                            side(() -> act.claim(run.deliveryId, "rider-2")));
                }
            }, (run, history) -> all(
                    oneWins(run, "claim#1", "claim#2", "DELIVERY_ALREADY_CLAIMED"),
                    endsIn(history, DELIVERED),
                    claimedBy(run, history))),

            new Pair("claim x rider-claim timeout", ORDERS, run -> {
                if (run.reach(Stage.READY_FOR_PICKUP)) {
                    run.atTheDeadline("DeliveryCreatedEvent", RIDER_CLAIM_TIMEOUT,
                            side(() -> act.claim(run.deliveryId, OrderDriver.RIDER)));
                }
            }, (run, history) -> all(
                    answered(run, "claim", "202"),
                    endsIn(history, DELIVERED))),

            new Pair("pick-up x deliver", ORDERS, run -> {
                if (run.reach(Stage.CLAIMED)) {
                    run.race(side(() -> act.pickUp(run.deliveryId, OrderDriver.RIDER)),
                            side(() -> act.deliver(run.deliveryId, OrderDriver.RIDER)));
                }
            }, (run, history) -> all(
                    answered(run, "pick-up", "202"),
                    answered(run, "deliver", "202", "409 ILLEGAL_DELIVERY_STATE"),
                    endsIn(history, DELIVERED))),

            new Pair("pick-up x pick-up", ORDERS, run -> {
                if (run.reach(Stage.CLAIMED)) {
                    run.race(side(() -> act.pickUp(run.deliveryId, OrderDriver.RIDER)),
                            side(() -> act.pickUp(run.deliveryId, OrderDriver.RIDER)));
                }
            }, (run, history) -> all(
                    oneWins(run, "pick-up#1", "pick-up#2", "ILLEGAL_DELIVERY_STATE"),
                    endsIn(history, DELIVERED))),

            new Pair("idempotent placement x 4 at once", ORDERS, run -> {
                Map<String, Object> body = aNoodleOrder(run.customer());
                String key = "race-" + UUID.randomUUID();
                Supplier<List<Answer>> place = side(() -> act.place(body, key));
                run.race(place, place, place, place);
                run.orderId = run.answer("place#1").orderId();
            }, (run, history) -> all(
                    samePlacement(run, List.of("place#1", "place#2", "place#3", "place#4")),
                    endsIn(history, DELIVERED, TIMED_OUT))),

            new Pair("idempotent retry x cancel", ORDERS, run -> {
                Map<String, Object> body = aNoodleOrder(run.customer());
                String key = "race-" + UUID.randomUUID();
                run.place(body, key);
                run.race(side(() -> act.place(body, key).as("place-retry")), side(() -> act.cancel(run.orderId)));
            }, (run, history) -> all(
                    samePlacement(run, List.of("place", "place-retry")),
                    answered(run, "cancel", "202"),
                    endsIn(history, CANCELLED))));

    /** The pairs to race: all, or those whose name contains one of the comma-separated {@code race.pairs}. */
    private static final List<Pair> PAIRS = selected(System.getProperty("race.pairs", ""));

    private static List<Pair> selected(String names) {
        if (names.isBlank()) {
            return ALL_PAIRS;
        }
        List<String> wanted = Arrays.stream(names.split(",")).map(String::trim).toList();
        return ALL_PAIRS.stream().filter(pair -> wanted.stream().anyMatch(pair.name()::contains)).toList();
    }

    @BeforeAll
    static void startAndRaceEveryPair() {
        baedal = RunningBaedal.start(dataDir,
                "baedal.saga.acceptance-timeout=" + ACCEPTANCE_TIMEOUT.toMillis() + "ms",
                "baedal.saga.rider-claim-timeout=" + RIDER_CLAIM_TIMEOUT.toMillis() + "ms",
                "baedal.saga.payment-retry.initial-delay=200ms",
                "baedal.saga.payment-retry.max-attempts=3",
                // A technical failure of a saga command is retried within the driver's patience.
                "baedal.saga.command-retry.initial-delay=200ms",
                "baedal.saga.command-retry.max-delay=2s",
                // The simulated outage of one pair must not open the circuit for everybody else's payments.
                "baedal.payment.gateway.sliding-window-size=10000",
                "baedal.payment.gateway.minimum-number-of-calls=10000",
                // Every ticket and delivery of the run on one page of the kitchen queue and rider board.
                "baedal.query.max-list-size=5000",
                "logging.level.root=WARN",
                "logging.level.io.baedal.standalone=INFO");
        logs = new JsonLogCapture();
        store = new EventStoreFeed(baedal.jdbc());
        driver = new OrderDriver(baedal.http(), store);
        act = driver.actions();
        actors = Executors.newFixedThreadPool(ACTOR_THREADS, named("race-actor"));
        drivers = Executors.newFixedThreadPool(PAIRS.size(), named("race-driver"));

        Map<Pair, PairRun> runs = new LinkedHashMap<>();
        PAIRS.forEach(pair -> runs.put(pair, new PairRun(pair)));
        // Interleaved, so that every pair races while the others do.
        int most = PAIRS.stream().mapToInt(Pair::orders).max().orElse(0);
        for (int index = 0; index < most; index++) {
            for (PairRun pairRun : runs.values()) {
                if (index < pairRun.pair.orders()) {
                    pairRun.start(index);
                }
            }
        }
        runs.values().forEach(pairRun -> REPORTS.put(pairRun.pair.name(),
                CompletableFuture.supplyAsync(pairRun::driveAndCheck, drivers)));
    }

    @AfterAll
    static void stop() {
        if (actors != null) {
            actors.shutdownNow();
            drivers.shutdownNow();
            store.close();
            logs.close();
        }
        if (baedal != null) {
            baedal.close();
        }
    }

    static Stream<String> pairs() {
        return PAIRS.stream().map(Pair::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void everyOrderEndsConsistently(String pair) throws Exception {
        PairReport report = REPORTS.get(pair).get(PAIR_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(report.failures()).withFailMessage(report::describe).isEmpty();
        assertThat(report.raced()).as("orders of %s that got to race at all", pair).isPositive();
    }

    // --- pairs ---------------------------------------------------------------------------------

    /** Two actions that can meet on one order, raced on {@code orders} orders; {@code rule} says what the race may end in. */
    private record Pair(String name, int orders, Script script, Rule rule) {
    }

    @FunctionalInterface
    private interface Script {
        void run(OrderRun run) throws Exception;
    }

    @FunctionalInterface
    private interface Rule {
        List<String> check(OrderRun run, OrderHistory history);
    }

    /** One order of a pair: what was done to it and what the API answered. */
    private static final class OrderRun {

        final Pair pair;
        final int index;
        volatile String orderId;
        volatile String ticketId;
        volatile String deliveryId;
        final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
        final List<Answer> raceAnswers = Collections.synchronizedList(new ArrayList<>());
        /** Why the order never got to the race (a legitimate outcome came first), or null. */
        volatile String missed;
        volatile boolean raced;
        volatile String note = "";
        volatile Throwable error;
        volatile Instant driveUntil;

        OrderRun(Pair pair, int index) {
            this.pair = pair;
            this.index = index;
        }

        String customer() {
            return "c-race-" + index;
        }

        void place(Map<String, Object> body) {
            placed(act.place(body));
        }

        void place(Map<String, Object> body, String idempotencyKey) {
            placed(act.place(body, idempotencyKey));
        }

        private void placed(Answer answer) {
            answers.add(answer);
            if (answer.status() != 201) {
                throw new IllegalStateException("Placing the order failed: " + answer + " " + answer.body());
            }
            orderId = answer.orderId();
        }

        /** Places a paid-by-card order and takes it to the stage; false (and {@link #missed} says why) if it never got there. */
        boolean reach(Stage stage) {
            place(aNoodleOrder(customer()));
            OrderDriver.Reached reached = driver.reach(orderId, stage, SETUP_TIMEOUT);
            answers.addAll(reached.answers());
            ticketId = reached.ticketId();
            deliveryId = reached.deliveryId();
            missed = reached.missed();
            return reached.reached();
        }

        @SafeVarargs
        final void race(Supplier<List<Answer>>... sides) {
            List<Answer> answered = Race.together(sides);
            Map<String, Long> times = answered.stream().collect(Collectors.groupingBy(Answer::action, Collectors.counting()));
            Map<String, Integer> seen = new HashMap<>();
            for (Answer answer : answered) {
                String label = answer.action();
                if (times.get(label) > 1) {
                    label = label + "#" + seen.merge(label, 1, Integer::sum);
                }
                raceAnswers.add(answer.as(label));
                answers.add(answer.as("race:" + label));
            }
            raced = true;
        }

        /** 0 for every even order; for the odd ones, up to {@link #KITCHEN_SKEW_MS}, spread evenly. */
        long kitchenSkew() {
            int skewed = pair.orders() / 2;
            if (index % 2 == 0 || skewed == 0) {
                return 0;
            }
            long skew = KITCHEN_SKEW_MS * (index / 2 + 1) / skewed;
            note = "the kitchen " + skew + " ms after the cancel";
            return skew;
        }

        /** The customer cancels this long after the placement's answer: a race with the saga's payment. */
        void cancelAfter(long millis) {
            note = "cancel " + millis + " ms after placement";
            Await.pause(millis);
            race(side(() -> act.cancel(orderId)));
        }

        /**
         * Fires the action around a deadline of the saga, which is set when the event of the given
         * type is stored: from {@link #JITTER_BEFORE_MS} before to {@link #JITTER_AFTER_MS} after,
         * spread evenly over the orders of the pair.
         */
        void atTheDeadline(String startedBy, Duration timeout, Supplier<List<Answer>> action) {
            StoredEvent started = store.history(orderId).first(startedBy);
            if (started == null) {
                missed = "no " + startedBy + " in the store";
                return;
            }
            long offset = spread(this, -JITTER_BEFORE_MS, JITTER_AFTER_MS);
            Instant at = started.at().plus(timeout).plusMillis(offset);
            long wait = Duration.between(Instant.now(), at).toMillis();
            note = String.format("fired %+d ms from the deadline%s", offset, wait < 0 ? " (late by " + -wait + " ms)" : "");
            if (wait > 0) {
                Await.pause(wait);
            }
            race(action);
        }

        /** The race's answer to an action (label as raced, e.g. {@code cancel#2} when it was sent twice), or null. */
        Answer answer(String label) {
            synchronized (raceAnswers) {
                return raceAnswers.stream().filter(answer -> answer.action().equals(label)).findFirst().orElse(null);
            }
        }

        String describeAnswers() {
            synchronized (raceAnswers) {
                return raceAnswers.toString();
            }
        }
    }

    /** Evenly from {@code from} to {@code to} over the orders of the run's pair. */
    private static long spread(OrderRun run, long from, long to) {
        int orders = run.pair.orders();
        return orders < 2 ? from : from + (to - from) * run.index / (orders - 1);
    }

    // --- one pair's run: race, drive, settle, check ----------------------------------------------

    private static final class PairRun {

        final Pair pair;
        final List<OrderRun> runs = new ArrayList<>();
        final List<CompletableFuture<OrderRun>> scripts = new ArrayList<>();

        PairRun(Pair pair) {
            this.pair = pair;
        }

        void start(int index) {
            OrderRun run = new OrderRun(pair, index);
            runs.add(run);
            scripts.add(CompletableFuture.supplyAsync(() -> {
                try {
                    pair.script().run(run);
                } catch (Exception | AssertionError e) {
                    run.error = e;
                }
                run.driveUntil = Instant.now().plus(DRIVE_TIMEOUT);
                return run;
            }, actors));
        }

        PairReport driveAndCheck() {
            Instant started = Instant.now();
            drive();
            Map<String, List<String>> viewProblems = new HashMap<>();
            Map<String, OrderHistory> histories = settle(viewProblems);
            PairReport report = check(histories, viewProblems, Duration.between(started, Instant.now()));
            log.info(report.summary());
            return report;
        }

        /** Finishes each order once its race is over, as a restaurant and a rider would, until it ends or its time is up. */
        private void drive() {
            Set<OrderRun> done = new HashSet<>();
            while (true) {
                List<OrderRun> raced = scripts.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join).toList();
                for (OrderRun run : raced) {
                    if (done.contains(run)) {
                        continue;
                    }
                    if (run.orderId == null || Instant.now().isAfter(run.driveUntil)) {
                        done.add(run);
                        continue;
                    }
                    try {
                        OrderDriver.Look look = driver.step(run.orderId);
                        if (look.step() != null) {
                            run.answers.add(look.step());
                        }
                        if (look.terminal()) {
                            done.add(run);
                        }
                    } catch (RuntimeException e) {
                        run.error = e;
                        done.add(run);
                    }
                }
                if (raced.size() == scripts.size() && done.size() == raced.size()) {
                    return;
                }
                Await.pause(100);
            }
        }

        /** Waits until every order's views show what the store says, or the time is up; the store's histories at the end. */
        private Map<String, OrderHistory> settle(Map<String, List<String>> viewProblems) {
            List<String> orderIds = runs.stream().map(run -> run.orderId).filter(id -> id != null).toList();
            Instant deadline = Instant.now().plus(SETTLE_TIMEOUT);
            while (true) {
                List<StoredEvent> events = baedal.eventsOfOrders(orderIds);
                Map<String, List<JsonNode>> tickets = byOrder(baedal.http().get(
                        "/api/restaurants/" + OrderRequests.RESTAURANT + "/tickets").json());
                Map<String, List<JsonNode>> deliveries = byOrder(baedal.http().get("/api/deliveries").json());
                Map<String, OrderHistory> histories = new HashMap<>();
                viewProblems.clear();
                for (String orderId : orderIds) {
                    OrderHistory history = OrderHistory.of(orderId, events);
                    histories.put(orderId, history);
                    List<String> problems = OrderInvariants.ofTheViews(history, driver.view(orderId),
                            tickets.getOrDefault(orderId, List.of()), deliveries.getOrDefault(orderId, List.of()));
                    if (!problems.isEmpty()) {
                        viewProblems.put(orderId, problems);
                    }
                }
                if (viewProblems.isEmpty() || Instant.now().isAfter(deadline)) {
                    return histories;
                }
                Await.pause(300);
            }
        }

        private PairReport check(Map<String, OrderHistory> histories, Map<String, List<String>> viewProblems,
                                 Duration took) {
            Map<OrderRun, List<String>> failures = new LinkedHashMap<>();
            for (OrderRun run : runs) {
                List<String> problems = new ArrayList<>();
                if (run.error != null) {
                    problems.add("the harness failed on this order: " + run.error + " at "
                            + Arrays.stream(run.error.getStackTrace()).limit(4).toList());
                }
                problems.addAll(OrderInvariants.ofTheAnswers(run.answers));
                OrderHistory history = run.orderId == null ? null : histories.get(run.orderId);
                if (history != null) {
                    problems.addAll(OrderInvariants.ofTheStore(history));
                    problems.addAll(viewProblems.getOrDefault(run.orderId, List.of()));
                    if (run.raced && run.error == null && !timeoutCameFirst(history)) {
                        problems.addAll(pair.rule().check(run, history));
                    }
                }
                if (!problems.isEmpty()) {
                    failures.put(run, problems);
                }
            }
            return new PairReport(pair, runs, histories, failures, sagaFailures(failures.keySet()), took);
        }

        /**
         * The acceptance timeout rejected the ticket of a pair that does not race it: the setup or
         * the race was slower than the deadline, a legitimate outcome the pair's rule does not describe.
         */
        private boolean timeoutCameFirst(OrderHistory history) {
            if (pair.name().contains("acceptance timeout")) {
                return false;
            }
            return history.events().stream().anyMatch(event -> event.type().equals("TicketRejectedEvent")
                    && TIMEOUT_REASON.equals(event.field("reason")));
        }

        private static Map<String, List<JsonNode>> byOrder(JsonNode entries) {
            Map<String, List<JsonNode>> byOrder = new HashMap<>();
            entries.forEach(entry -> byOrder.computeIfAbsent(text(entry, "orderId"), id -> new ArrayList<>()).add(entry));
            return byOrder;
        }
    }

    /**
     * @param sagaFailures the saga's refused or failed commands of each order that went wrong, from
     *                     its {@code saga_failure} log lines: what the saga tried that no event shows
     */
    private record PairReport(Pair pair, List<OrderRun> runs, Map<String, OrderHistory> histories,
                              Map<OrderRun, List<String>> failures, Map<String, List<String>> sagaFailures,
                              Duration took) {

        long raced() {
            return runs.stream().filter(run -> run.raced).count();
        }

        String summary() {
            Map<String, Long> outcomes = new TreeMap<>(histories.values().stream()
                    .collect(Collectors.groupingBy(OrderHistory::outcome, Collectors.counting())));
            Map<String, Long> answers = new TreeMap<>(runs.stream().flatMap(run -> run.raceAnswers.stream())
                    .collect(Collectors.groupingBy(Answer::toString, Collectors.counting())));
            List<String> missed = runs.stream().filter(run -> !run.raced)
                    .map(run -> "#" + run.index + " " + (run.error != null ? run.error : run.missed)).toList();
            return String.format("%s: %d orders, %d raced, %d failed, %d s; outcomes %s; race answers %s%s",
                    pair.name(), runs.size(), raced(), failures.size(), took.toSeconds(), outcomes, answers,
                    missed.isEmpty() ? "" : "; never got to the race: " + missed);
        }

        String describe() {
            StringBuilder text = new StringBuilder(String.format("%n%s: %d of %d orders went wrong%n%s%n",
                    pair.name(), failures.size(), runs.size(), summary()));
            int described = 0;
            for (Map.Entry<OrderRun, List<String>> failure : failures.entrySet()) {
                OrderRun run = failure.getKey();
                OrderHistory history = run.orderId == null ? null : histories.get(run.orderId);
                text.append(String.format("%norder #%d %s: %s; race %s %s%n", run.index, run.orderId,
                        history == null ? "not placed" : history.outcome() + " timeline " + history.timeline(),
                        run.describeAnswers(), run.note));
                failure.getValue().forEach(problem -> text.append("  - ").append(problem).append('\n'));
                List<String> refused = sagaFailures.getOrDefault(run.orderId, List.of());
                if (!refused.isEmpty()) {
                    text.append("  saga commands that failed: ").append(refused).append('\n');
                }
                if (history != null && described++ < ORDERS_DESCRIBED) {
                    text.append("  events in the store, in order:\n").append(history.describe("    "));
                }
            }
            return text.toString();
        }
    }

    /** The {@code saga_failure} log lines of these orders, as {@code STEP REASON}, in the order they were logged. */
    private static Map<String, List<String>> sagaFailures(Set<OrderRun> runs) {
        Set<String> orderIds = runs.stream().map(run -> run.orderId).filter(id -> id != null).collect(Collectors.toSet());
        Map<String, List<String>> failures = new HashMap<>();
        if (orderIds.isEmpty()) {
            return failures;
        }
        for (JsonNode line : logs.lines()) {
            String orderId = text(line, "orderId");
            if ("saga_failure".equals(text(line, "event")) && orderIds.contains(orderId)) {
                failures.computeIfAbsent(orderId, id -> new ArrayList<>())
                        .add(text(line, "step") + " " + text(line, "reason"));
            }
        }
        return failures;
    }

    // --- what a race may end in ----------------------------------------------------------------

    @SafeVarargs
    private static List<String> all(List<String>... checks) {
        return Arrays.stream(checks).flatMap(List::stream).toList();
    }

    private static List<String> answered(OrderRun run, String action, String... allowed) {
        Answer answer = run.answer(action);
        if (answer == null) {
            return List.of(action + " was not sent");
        }
        return Arrays.asList(allowed).contains(answer.outcome()) ? List.of()
                : List.of(action + " answered " + answer.outcome() + ", expected " + String.join(" or ", allowed));
    }

    private static List<String> endsIn(OrderHistory history, String... outcomes) {
        return Arrays.asList(outcomes).contains(history.outcome()) ? List.of()
                : List.of("ended " + history.outcome() + ", expected " + String.join(" or ", outcomes));
    }

    private static List<String> onlyIf(boolean condition, String because, OrderHistory history, String outcome) {
        return !condition || outcome.equals(history.outcome()) ? List.of()
                : List.of(because + ", so it should have ended " + outcome + ", not " + history.outcome());
    }

    /** Exactly one of two racing commands went through; the other was refused with the code. */
    private static List<String> oneWins(OrderRun run, String first, String second, String loserCode) {
        Answer one = run.answer(first);
        Answer other = run.answer(second);
        if (one == null || other == null) {
            return List.of("the race lacks " + first + " or " + second);
        }
        boolean oneWon = one.accepted() && other.refused(loserCode);
        boolean otherWon = other.accepted() && one.refused(loserCode);
        return oneWon || otherWon ? List.of()
                : List.of("expected one of " + first + " and " + second + " to win and the other to get 409 " + loserCode
                + ", got " + one.outcome() + " and " + other.outcome());
    }

    /** The rider who won the claim is the one on the delivery. */
    private static List<String> claimedBy(OrderRun run, OrderHistory history) {
        Answer first = run.answer("claim#1");
        if (first == null || history.deliveryIds().size() != 1) {
            return List.of();
        }
        String winner = first.accepted() ? "rider-1" : "rider-2";
        String rider = history.rider(history.deliveryIds().get(0));
        return winner.equals(rider) ? List.of() : List.of(winner + " won the claim but the delivery went to " + rider);
    }

    /** Every placement with the key answered 201 with one order, placed once; only the first was not a replay. */
    private static List<String> samePlacement(OrderRun run, List<String> labels) {
        List<String> problems = new ArrayList<>();
        List<Answer> answers = new ArrayList<>();
        for (String label : labels) {
            Answer answer = label.equals("place") ? run.answers.get(0) : run.answer(label);
            if (answer == null || answer.status() != 201) {
                problems.add(label + " answered " + (answer == null ? "nothing" : answer.outcome()) + ", expected 201");
            } else {
                answers.add(answer);
            }
        }
        Set<String> orderIds = answers.stream().map(Answer::orderId).collect(Collectors.toSet());
        if (orderIds.size() != 1) {
            problems.add("the same Idempotency-Key gave orders " + orderIds);
        }
        long firsts = answers.stream().filter(answer -> "false".equals(answer.replayed())).count();
        if (!answers.isEmpty() && firsts != 1) {
            problems.add(firsts + " answers said Idempotent-Replayed: false, expected exactly one");
        }
        for (String orderId : orderIds) {
            long placed = baedal.eventCount(orderId, "OrderPlacedEvent");
            if (placed != 1) {
                problems.add(placed + " OrderPlacedEvent for order " + orderId);
            }
        }
        return problems;
    }

    private static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
