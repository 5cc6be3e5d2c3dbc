package io.baedal.standalone.crash;

import io.baedal.standalone.support.Actions;
import io.baedal.standalone.support.Answer;
import io.baedal.standalone.support.HttpJson;
import io.baedal.standalone.support.OrderDriver;
import io.baedal.standalone.support.OrderFeed;
import io.baedal.standalone.support.OrderHistory;
import io.baedal.standalone.support.OrderRequests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded load of orders over HTTP that carries on whether the application is up or not:
 * customers place orders (a mix that ends every way an order can: delivered, declined, cancelled
 * by the customer, rejected by the restaurant, left for the acceptance timeout), and a restaurant
 * and a rider work each order as {@link OrderDriver} does. A placement whose answer was lost (the
 * application died with the request in flight) is sent again with the same {@code Idempotency-Key}
 * until it is answered, so every order the load meant to place ends up answered {@code 201}.
 * Runs against the standalone application and, through the gateway, the distributed mode alike.
 */
public final class CrashLoad implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CrashLoad.class);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    /** What the customer and the restaurant do with an order, and so how it should end. */
    public enum Plan {
        /** Accepted, cooked, picked up and delivered. */
        DELIVER,
        /** A card the gateway declines: rejected, never charged. */
        DECLINE,
        /** The customer cancels once it is paid: cancelled and refunded. */
        CANCEL,
        /** The restaurant rejects the ticket: rejected and refunded. */
        REJECT,
        /** Nobody answers the ticket: the acceptance timeout rejects it, refunded. */
        FORGET;

        static Plan pick(Random random) {
            int roll = random.nextInt(100);
            if (roll < 55) {
                return DELIVER;
            }
            return roll < 65 ? DECLINE : roll < 80 ? CANCEL : roll < 92 ? REJECT : FORGET;
        }
    }

    private final Actions actions;
    private final OrderFeed store;
    private final OrderDriver driver;
    private final long seed;
    private final Map<String, Plan> answered = new ConcurrentHashMap<>();
    /** Orders whose plan's own step (cancel, reject) is done; from then on they are driven to their end. */
    private final Set<String> planDone = ConcurrentHashMap.newKeySet();
    private final Set<String> ended = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextOrder = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger answeredAfterRetry = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private final ExecutorService stepper = Executors.newFixedThreadPool(2);
    private volatile int target;
    /** Orders that may be placed so far: raised after each restart, so that every stretch between kills gets its share. */
    private volatile int quota;
    private volatile boolean running = true;

    public CrashLoad(HttpJson http, OrderFeed store, long seed) {
        this.actions = new Actions(http);
        this.store = store;
        this.driver = new OrderDriver(http, store);
        this.seed = seed;
    }

    /**
     * Starts {@code clients} customers who place {@code orders} orders between them, the first
     * {@code firstQuota} at once and the rest as {@link #allow} lets them, and the restaurant and rider.
     */
    public void start(int orders, int firstQuota, int clients) {
        target = orders;
        quota = firstQuota;
        for (int client = 0; client < clients; client++) {
            Random random = new Random(seed * 31 + client);
            threads.add(daemon("crash-customer-" + client, () -> placeOrders(random)));
        }
        threads.add(daemon("crash-driver", this::drive));
    }

    /** Lets the customers place orders until {@code count} of them have been taken. */
    public void allow(int count) {
        quota = Math.max(quota, count);
    }

    public Map<String, Plan> answered() {
        return Map.copyOf(answered);
    }

    public int attempts() {
        return attempts.get();
    }

    public int answeredAfterRetry() {
        return answeredAfterRetry.get();
    }

    public int refused() {
        return refused.get();
    }

    public boolean allPlaced() {
        return answered.size() + refused.get() >= target;
    }

    /** Every placed order has ended, as far as the event store says. */
    public boolean allEnded() {
        return allPlaced() && ended.containsAll(answered.keySet());
    }

    public int open() {
        return answered.size() - ended.size();
    }

    private void placeOrders(Random random) {
        while (running) {
            int number = nextOrder.getAndIncrement();
            if (number >= target) {
                return;
            }
            while (running && number >= quota) {
                pause(Duration.ofMillis(100));
            }
            Plan plan = Plan.pick(random);
            Map<String, Object> body = OrderRequests.with(OrderRequests.aNoodleOrder("c-crash-" + number % 7),
                    "paymentToken", (plan == Plan.DECLINE ? "decline-" : "tok-crash-") + number);
            place(body, "crash-" + seed + "-" + number, plan);
            pause(Duration.ofMillis(200 + random.nextInt(600)));
        }
    }

    private void place(Map<String, Object> body, String idempotencyKey, Plan plan) {
        boolean retried = false;
        while (running) {
            attempts.incrementAndGet();
            try {
                Answer answer = actions.place(body, idempotencyKey);
                if (answer.status() == 201) {
                    answered.put(answer.orderId(), plan);
                    if (retried) {
                        answeredAfterRetry.incrementAndGet();
                    }
                    return;
                }
                if (answer.status() >= 400 && answer.status() < 500) {
                    log.warn("Placement {} refused: {} {}", idempotencyKey, answer.outcome(), answer.body());
                    refused.incrementAndGet();
                    return;
                }
            } catch (RuntimeException down) {
                // Connection refused or reset, or no token while the application restarts: send it again.
            }
            retried = true;
            pause(RETRY_PAUSE);
        }
    }

    private void drive() {
        while (running) {
            List<String> open = answered.keySet().stream().filter(orderId -> !ended.contains(orderId)).toList();
            List<java.util.concurrent.Future<?>> steps = new ArrayList<>();
            for (String orderId : open) {
                steps.add(stepper.submit(() -> step(orderId)));
            }
            for (java.util.concurrent.Future<?> step : steps) {
                try {
                    step.get();
                } catch (InterruptedException e) {
                    return;
                } catch (java.util.concurrent.ExecutionException e) {
                    log.debug("Step failed", e.getCause());
                }
            }
            pause(Duration.ofMillis(300));
        }
    }

    /** One look at an order and the step its plan takes now, if any; any failure is left for the next look. */
    private void step(String orderId) {
        OrderHistory history = store.history(orderId);
        if (history.terminal()) {
            ended.add(orderId);
            return;
        }
        Plan plan = answered.get(orderId);
        try {
            switch (plan) {
                case DECLINE, FORGET -> {
                    // The saga ends these by itself: a declined payment, the acceptance timeout.
                }
                case CANCEL -> {
                    if (planDone.contains(orderId)) {
                        driver.step(orderId);
                    } else if ("PAID".equals(history.status()) && store.sagaCaughtUp(orderId)) {
                        Answer cancel = actions.cancel(orderId);
                        if (cancel.status() == 202 || cancel.status() == 409) {
                            planDone.add(orderId);
                        }
                    }
                }
                case REJECT -> {
                    if (planDone.contains(orderId)) {
                        driver.step(orderId);
                    } else if (!history.ticketIds().isEmpty() && store.sagaCaughtUp(orderId)) {
                        String ticketId = history.ticketIds().get(0);
                        if ("AWAITING_ACCEPTANCE".equals(history.ticketStatus(ticketId))) {
                            Answer reject = actions.reject(ticketId);
                            if (reject.status() == 202 || reject.status() == 409) {
                                planDone.add(orderId);
                            }
                        } else {
                            planDone.add(orderId);
                        }
                    }
                }
                case DELIVER -> driver.step(orderId);
            }
        } catch (RuntimeException down) {
            // The application is down or restarting: the next look tries again.
        }
    }

    private static Thread daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        threads.forEach(Thread::interrupt);
        stepper.shutdownNow();
        try {
            stepper.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
