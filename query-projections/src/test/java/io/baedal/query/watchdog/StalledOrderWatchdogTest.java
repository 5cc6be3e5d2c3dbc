package io.baedal.query.watchdog;

import static io.baedal.query.Events.at;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.delivery.DeliveryId;
import io.baedal.coreapi.delivery.RiderId;
import io.baedal.coreapi.kitchen.CookingFinishedEvent;
import io.baedal.coreapi.kitchen.CookingStartedEvent;
import io.baedal.coreapi.kitchen.TicketAcceptedEvent;
import io.baedal.coreapi.kitchen.TicketId;
import io.baedal.coreapi.order.CustomerId;
import io.baedal.coreapi.order.OrderAcceptedEvent;
import io.baedal.coreapi.order.OrderCancellationRequestedEvent;
import io.baedal.coreapi.order.OrderCancelledEvent;
import io.baedal.coreapi.order.OrderCookingStartedEvent;
import io.baedal.coreapi.order.OrderDeliveredEvent;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderMarkedReadyForPickupEvent;
import io.baedal.coreapi.order.OrderPaidEvent;
import io.baedal.coreapi.order.OrderPaymentRetryScheduledEvent;
import io.baedal.coreapi.order.OrderPickedUpEvent;
import io.baedal.coreapi.order.OrderReason;
import io.baedal.coreapi.order.OrderRejectedEvent;
import io.baedal.coreapi.order.OrderStatus;
import io.baedal.coreapi.payment.PaymentId;
import io.baedal.coreapi.payment.PaymentRequestedEvent;
import io.baedal.query.Events;
import io.baedal.query.ProjectionTest;
import io.baedal.query.kitchen.KitchenQueueProjection;
import io.baedal.query.orderstatus.OrderStatusProjection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The watchdog on the real views: events go through the projections' handlers with the
 * timestamps a test gives them, and the watchdog looks at a time the test sets.
 */
class StalledOrderWatchdogTest extends ProjectionTest {

    private static final StalledOrderProperties PROPERTIES = new StalledOrderProperties(Duration.ofSeconds(30),
            ofMinutes(1), new StalledOrderProperties.Allowance(ofMinutes(5), ofMinutes(5), ofMinutes(7), ofMinutes(30),
            ofHours(1), ofHours(1), ofHours(1), ofMinutes(2)));
    private static final List<OrderStatus> NON_TERMINAL = Arrays.stream(OrderStatus.values())
            .filter(status -> !status.isTerminal()).toList();

    @Autowired
    OrderStatusProjection orderStatus;
    @Autowired
    KitchenQueueProjection kitchenQueue;
    @Autowired
    JdbcClient jdbc;

    private final SetClock clock = new SetClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger watchdogLogger = (Logger) LoggerFactory.getLogger(StalledOrderWatchdog.class);
    private boolean viewsCurrent = true;
    private StalledOrderWatchdog watchdog;

    @BeforeEach
    void emptyViewsAndANewWatchdog() {
        handle(() -> {
            jdbc.sql("DELETE FROM order_status_view").update();
            jdbc.sql("DELETE FROM kitchen_ticket_view").update();
        });
        watchdog = new StalledOrderWatchdog(new StalledOrders(jdbc), PROPERTIES, clock, registry, () -> viewsCurrent);
        logs.start();
        watchdogLogger.addAppender(logs);
    }

    @AfterEach
    void stopCapturingLogs() {
        watchdogLogger.detachAppender(logs);
    }

    @Test
    void everyNonTerminalStatusShowsZeroBeforeTheFirstLook() {
        for (OrderStatus status : OrderStatus.values()) {
            assertThat(registry.find(StalledOrderWatchdog.STALLED).tag("status", status.name()).gauge())
                    .as(status.name()).matches(gauge -> status.isTerminal() ? gauge == null : gauge.value() == 0.0);
        }
        assertThat(registry.find(StalledOrderWatchdog.BEHIND_KITCHEN).gauges())
                .extracting(gauge -> gauge.getId().getTag("status"))
                .containsExactlyInAnyOrder("PAID", "ACCEPTED", "COOKING");
        assertThat(registry.find(StalledOrderWatchdog.BEHIND_KITCHEN).gauges())
                .allSatisfy(gauge -> assertThat(gauge.value()).isZero());
    }

    @Test
    void anOrderIsStalledOnlyOnceItsStatusOutlastsItsAllowance() {
        new AnOrder().placed(0).paid(1);

        lookAt(at(8));
        assertThat(stalled(OrderStatus.PAID)).isZero();

        lookAt(at(8).plusSeconds(1));
        assertThat(stalled(OrderStatus.PAID)).isEqualTo(1);
        assertThat(totalStalled()).isEqualTo(1);
    }

    @Test
    void eachStatusHasItsOwnAllowance() {
        new AnOrder().placed(0);
        new AnOrder().placed(0).order(o -> new OrderPaymentRetryScheduledEvent(o.id, o.payment, 1), at(0));
        new AnOrder().placed(0).order(o -> new OrderPaymentRetryScheduledEvent(o.id, o.payment, 1), at(0));
        AnOrder cooking = new AnOrder().placed(0).paid(0).ticketCreated(0).ticketAccepted(0).accepted(0)
                .cookingStarted(0).cooking(0);
        new AnOrder().placed(0).order(o -> new OrderCancellationRequestedEvent(o.id, OrderStatus.PAYMENT_PENDING, "late"), at(0));

        lookAt(at(6));
        assertThat(stalled(OrderStatus.PAYMENT_PENDING)).isEqualTo(1);
        assertThat(stalled(OrderStatus.PAYMENT_RETRYING)).isEqualTo(2);
        assertThat(stalled(OrderStatus.CANCELLATION_REQUESTED)).isEqualTo(1);
        assertThat(stalled(OrderStatus.COOKING)).isZero();

        lookAt(at(61));
        assertThat(stalled(OrderStatus.COOKING)).isEqualTo(1);
        assertThat(loggedStalls()).filteredOn(line -> line.get("orderId").equals(cooking.id.value()))
                .singleElement().satisfies(line -> assertThat(line).containsEntry("status", "COOKING"));
    }

    @Test
    void terminalOrdersAreNeverCounted() {
        new AnOrder().placed(0).paid(0).ticketCreated(0).ticketAccepted(0).accepted(0).cookingStarted(0).cooking(0)
                .cookingFinished(0).readyForPickup(0).pickedUp(0).delivered(0);
        new AnOrder().placed(0).paid(0).ticketCreated(0)
                .order(o -> new OrderCancellationRequestedEvent(o.id, OrderStatus.PAID, "late"), at(0))
                .order(o -> new OrderCancelledEvent(o.id, OrderReason.CUSTOMER_CANCELLED), at(0));
        // A rejected order whose ticket went on regardless: ended, so not behind its kitchen either.
        new AnOrder().placed(0).paid(0).ticketCreated(0).ticketAccepted(0).cookingStarted(0)
                .order(o -> new OrderRejectedEvent(o.id, OrderReason.ACCEPTANCE_TIMEOUT), at(0));

        lookAt(at(60 * 24));

        assertThat(totalStalled()).isZero();
        assertThat(totalBehindKitchen()).isZero();
        assertThat(loggedStalls()).isEmpty();
    }

    @Test
    void anOrderWhoseTicketMovedOnWithoutItIsBehindTheKitchenAfterTheMargin() {
        AnOrder order = new AnOrder().placed(0).paid(0).ticketCreated(0).ticketAccepted(1).cookingStarted(2);

        lookAt(at(3));
        assertThat(behindKitchen(OrderStatus.PAID)).isZero();

        lookAt(at(3).plusSeconds(1));
        assertThat(behindKitchen(OrderStatus.PAID)).isEqualTo(1);
        assertThat(stalled(OrderStatus.PAID)).as("its own allowance has not run out").isZero();
        assertThat(loggedStalls()).singleElement().satisfies(line -> assertThat(line)
                .containsEntry("orderId", order.id.value())
                .containsEntry("status", "PAID")
                .containsEntry("reason", "BEHIND_KITCHEN")
                .containsEntry("ticketStatus", "COOKING")
                .containsEntry("stalledFor", "PT1M1S"));

        order.accepted(4);
        lookAt(at(4).plusSeconds(30));
        assertThat(totalBehindKitchen()).isZero();

        lookAt(at(5).plusSeconds(1));
        assertThat(behindKitchen(OrderStatus.ACCEPTED)).isEqualTo(1);

        order.cooking(6);
        lookAt(at(7));
        assertThat(totalBehindKitchen()).isZero();
        assertThat(totalStalled()).isZero();
    }

    @Test
    void aCookingOrderWhoseTicketIsReadyIsBehindTheKitchen() {
        new AnOrder().placed(0).paid(0).ticketCreated(0).ticketAccepted(0).accepted(0).cookingStarted(0).cooking(0)
                .cookingFinished(10);

        lookAt(at(12));

        assertThat(behindKitchen(OrderStatus.COOKING)).isEqualTo(1);
        assertThat(loggedStalls()).singleElement().satisfies(line -> assertThat(line)
                .containsEntry("ticketStatus", "READY").containsEntry("stalledFor", "PT2M"));
    }

    @Test
    void aStallIsLoggedOnceAndAgainOnlyInAnotherStatus() {
        AnOrder order = new AnOrder().placed(0).paid(0).ticketCreated(0);

        lookAt(at(8));
        lookAt(at(9));
        lookAt(at(10));

        assertThat(logs.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(fields(line))
                    .containsEntry("event", "order_stalled")
                    .containsEntry("orderId", order.id.value())
                    .containsEntry("status", "PAID")
                    .containsEntry("reason", "OVERDUE")
                    .containsEntry("stalledFor", "PT8M")
                    .containsEntry("since", at(0).toString());
        });

        order.ticketAccepted(11).accepted(11);
        lookAt(at(12));
        assertThat(stalled(OrderStatus.PAID)).isZero();
        assertThat(logs.list).hasSize(1);

        lookAt(at(42));
        assertThat(stalled(OrderStatus.ACCEPTED)).isEqualTo(1);
        assertThat(loggedStalls()).extracting(line -> line.get("status")).containsExactly("PAID", "ACCEPTED");
        assertThat(loggedStalls().get(1)).containsEntry("stalledFor", "PT31M");
    }

    @Test
    void anIdFromAnotherContextDoesNotRestartTheStatusClock() {
        new AnOrder().placed(0).paid(0).ticketCreated(6);

        lookAt(at(7).plusSeconds(1));

        assertThat(stalled(OrderStatus.PAID)).isEqualTo(1);
    }

    @Test
    void nothingIsCountedOrLoggedWhileTheViewsCatchUp() {
        new AnOrder().placed(0).paid(0);
        viewsCurrent = false;

        lookAt(at(60));
        assertThat(stalled(OrderStatus.PAID)).isZero();
        assertThat(logs.list).isEmpty();

        viewsCurrent = true;
        lookAt(at(60));
        assertThat(stalled(OrderStatus.PAID)).isEqualTo(1);
        assertThat(logs.list).hasSize(1);
    }

    private void lookAt(Instant now) {
        clock.now = now;
        watchdog.check();
    }

    private double stalled(OrderStatus status) {
        return registry.get(StalledOrderWatchdog.STALLED).tag("status", status.name()).gauge().value();
    }

    private double behindKitchen(OrderStatus status) {
        return registry.get(StalledOrderWatchdog.BEHIND_KITCHEN).tag("status", status.name()).gauge().value();
    }

    private double totalStalled() {
        return NON_TERMINAL.stream().mapToDouble(this::stalled).sum();
    }

    private double totalBehindKitchen() {
        return StalledOrders.BEHIND_KITCHEN_STATUSES.stream().mapToDouble(this::behindKitchen).sum();
    }

    private List<Map<String, Object>> loggedStalls() {
        return logs.list.stream().map(StalledOrderWatchdogTest::fields)
                .filter(fields -> "order_stalled".equals(fields.get("event")))
                .toList();
    }

    private static Map<String, Object> fields(ILoggingEvent line) {
        Map<String, Object> fields = new HashMap<>();
        if (line.getKeyValuePairs() != null) {
            line.getKeyValuePairs().forEach(pair -> fields.put(pair.key, pair.value));
        }
        return fields;
    }

    /** One order and its ticket; each event goes through both views' handlers, as their processors would. */
    private final class AnOrder {

        final OrderId id = new OrderId("o-" + UUID.randomUUID());
        final TicketId ticket = new TicketId("t-" + UUID.randomUUID());
        final PaymentId payment = new PaymentId("p-" + UUID.randomUUID());
        private final DeliveryId delivery = new DeliveryId("d-" + UUID.randomUUID());
        private final RiderId rider = new RiderId("rider-1");
        private long orderSequence = -1;
        private long ticketSequence = -1;

        AnOrder placed(int minute) {
            return order(o -> Events.placed(o.id, new CustomerId("c-1")), at(minute));
        }

        AnOrder paid(int minute) {
            feed(id.value() + "-payment", 0, new PaymentRequestedEvent(payment, id, Money.of("18000", "KRW"), "tok"), at(minute));
            return order(o -> new OrderPaidEvent(o.id, o.payment), at(minute));
        }

        AnOrder accepted(int minute) {
            return order(o -> new OrderAcceptedEvent(o.id, o.ticket), at(minute));
        }

        AnOrder cooking(int minute) {
            return order(o -> new OrderCookingStartedEvent(o.id), at(minute));
        }

        AnOrder readyForPickup(int minute) {
            return order(o -> new OrderMarkedReadyForPickupEvent(o.id, o.delivery), at(minute));
        }

        AnOrder pickedUp(int minute) {
            return order(o -> new OrderPickedUpEvent(o.id, o.rider), at(minute));
        }

        AnOrder delivered(int minute) {
            return order(o -> new OrderDeliveredEvent(o.id), at(minute));
        }

        AnOrder ticketCreated(int minute) {
            return ticket(Events.ticketCreated(ticket, id), at(minute));
        }

        AnOrder ticketAccepted(int minute) {
            return ticket(new TicketAcceptedEvent(ticket, id), at(minute));
        }

        AnOrder cookingStarted(int minute) {
            return ticket(new CookingStartedEvent(ticket, id), at(minute));
        }

        AnOrder cookingFinished(int minute) {
            return ticket(new CookingFinishedEvent(ticket, id), at(minute));
        }

        AnOrder order(Function<AnOrder, Object> event, Instant at) {
            feed(id.value(), ++orderSequence, event.apply(this), at);
            return this;
        }

        private AnOrder ticket(Object payload, Instant at) {
            feed(ticket.value(), ++ticketSequence, payload, at);
            return this;
        }
    }

    private void feed(String aggregateId, long sequence, Object payload, Instant at) {
        GenericDomainEventMessage<Object> event = new GenericDomainEventMessage<>("test", aggregateId, sequence, payload,
                Map.of(), UUID.randomUUID().toString(), at);
        for (Object projection : List.of(orderStatus, kitchenQueue)) {
            handle(() -> {
                try {
                    new AnnotationEventHandlerAdapter(projection).handle(event);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    /** A clock the test sets. */
    private static final class SetClock extends Clock {

        private volatile Instant now = Instant.EPOCH;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the watchdog reads instants only");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
