package io.baedal.query.watchdog;

import io.baedal.coreapi.order.OrderStatus;
import io.baedal.platform.logging.LogFields;
import io.baedal.query.PeriodicTask;
import io.baedal.query.watchdog.StalledOrders.Reason;
import io.baedal.query.watchdog.StalledOrders.Stall;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.context.SmartLifecycle;

/**
 * Looks for orders that stopped moving: a lost event or a saga bug can leave an order where nothing
 * will move it again, and no error is ever logged for it. Every {@code baedal.watchdog.interval} it
 * sets two gauges from the views:
 * <ul>
 *   <li>{@code baedal.orders.stalled{status}}: orders longer in a non-terminal status than its
 *       allowance ({@link StalledOrderProperties.Allowance});</li>
 *   <li>{@code baedal.orders.behind.kitchen{status}}: orders whose kitchen ticket moved on without
 *       them, for longer than {@code behindKitchenMargin}.</li>
 * </ul>
 * Each is registered with 0 for every status it can count at start-up, so that a dashboard shows 0
 * rather than no data. An order newly found stalled is logged once, {@code event=order_stalled}, and
 * again only if it later stalls in another status or for the other reason.
 * <p>
 * While a view is replayed or catching up after a restart its rows tell the past (a delivered order
 * shows as paid, an hour ago), so the watchdog skips its look until they are current again.
 */
class StalledOrderWatchdog implements SmartLifecycle {

    static final String STALLED = "baedal.orders.stalled";
    static final String BEHIND_KITCHEN = "baedal.orders.behind.kitchen";
    private static final Logger log = LoggerFactory.getLogger(StalledOrderWatchdog.class);

    private final StalledOrders orders;
    private final StalledOrderProperties properties;
    private final Clock clock;
    private final BooleanSupplier viewsCurrent;
    private final Map<OrderStatus, AtomicInteger> stalled = new EnumMap<>(OrderStatus.class);
    private final Map<OrderStatus, AtomicInteger> behindKitchen = new EnumMap<>(OrderStatus.class);
    private final PeriodicTask looks;
    /** The stalls the last look found: each is logged when it first shows up. */
    private Set<StallKey> known = Set.of();

    private record StallKey(String orderId, OrderStatus status, Reason reason) {
    }

    StalledOrderWatchdog(StalledOrders orders, StalledOrderProperties properties, Clock clock, MeterRegistry registry,
                         BooleanSupplier viewsCurrent) {
        this.orders = orders;
        this.properties = properties;
        this.clock = clock;
        this.viewsCurrent = viewsCurrent;
        this.looks = new PeriodicTask("stalled-order-watchdog", properties.interval(), this::check, "watchdog_failure");
        for (OrderStatus status : OrderStatus.values()) {
            if (!status.isTerminal()) {
                stalled.put(status, gauge(registry, STALLED, "Orders in this status for longer than it allows", status));
            }
        }
        for (OrderStatus status : StalledOrders.BEHIND_KITCHEN_STATUSES) {
            behindKitchen.put(status, gauge(registry, BEHIND_KITCHEN,
                    "Orders in this status whose kitchen ticket moved on without them", status));
        }
    }

    private static AtomicInteger gauge(MeterRegistry registry, String name, String description, OrderStatus status) {
        AtomicInteger value = new AtomicInteger();
        Gauge.builder(name, value, AtomicInteger::get)
                .description(description)
                .tag("status", status.name())
                .register(registry);
        return value;
    }

    /** One look: sets the gauges and logs the stalls that are new since the last look. */
    synchronized void check() {
        if (!viewsCurrent.getAsBoolean()) {
            log.debug("The order-status or kitchen-queue view is catching up; stalled orders are counted once it is current");
            return;
        }
        Instant now = clock.instant();
        List<Stall> found = new ArrayList<>();
        for (OrderStatus status : stalled.keySet()) {
            found.addAll(orders.overdue(status, now.minus(properties.allowance().of(status))));
        }
        found.addAll(orders.behindKitchen(now.minus(properties.behindKitchenMargin())));

        Map<OrderStatus, Integer> overdueCounts = new EnumMap<>(OrderStatus.class);
        Map<OrderStatus, Integer> behindCounts = new EnumMap<>(OrderStatus.class);
        Set<StallKey> seen = new HashSet<>();
        for (Stall stall : found) {
            (stall.reason() == Reason.OVERDUE ? overdueCounts : behindCounts).merge(stall.status(), 1, Integer::sum);
            StallKey key = new StallKey(stall.orderId(), stall.status(), stall.reason());
            seen.add(key);
            if (!known.contains(key)) {
                report(stall, now);
            }
        }
        stalled.forEach((status, gauge) -> gauge.set(overdueCounts.getOrDefault(status, 0)));
        behindKitchen.forEach((status, gauge) -> gauge.set(behindCounts.getOrDefault(status, 0)));
        known = seen;
    }

    private void report(Stall stall, Instant now) {
        Duration stalledFor = Duration.between(stall.since(), now).truncatedTo(ChronoUnit.SECONDS);
        LoggingEventBuilder line = LogFields.order(log.atWarn(), stall.orderId())
                .addKeyValue(LogFields.EVENT, "order_stalled")
                .addKeyValue("status", stall.status().name())
                .addKeyValue("reason", stall.reason().name())
                .addKeyValue("stalledFor", stalledFor.toString())
                .addKeyValue("since", stall.since().toString());
        if (stall.reason() == Reason.OVERDUE) {
            line.log("Order {} has been {} for {}, longer than the {} allowed", stall.orderId(), stall.status(),
                    stalledFor, properties.allowance().of(stall.status()));
        } else {
            line.addKeyValue("ticketStatus", stall.ticketStatus().name())
                    .log("Order {} is still {} although its kitchen ticket is {}, for {} now", stall.orderId(),
                            stall.status(), stall.ticketStatus(), stalledFor);
        }
    }

    @Override
    public void start() {
        looks.start();
    }

    @Override
    public void stop() {
        looks.stop();
    }

    @Override
    public boolean isRunning() {
        return looks.isRunning();
    }
}
