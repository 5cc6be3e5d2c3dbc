package io.baedal.saga;

import static io.baedal.saga.Journeys.DELIVERY;
import static io.baedal.saga.Journeys.HOME;
import static io.baedal.saga.Journeys.ORDER;
import static io.baedal.saga.Journeys.PAYMENT;
import static io.baedal.saga.Journeys.PROPERTIES;
import static io.baedal.saga.Journeys.RESTAURANT;
import static io.baedal.saga.Journeys.RESTAURANT_ADDRESS;
import static io.baedal.saga.Journeys.RIDER;
import static io.baedal.saga.Journeys.TICKET;
import static io.baedal.saga.Journeys.TICKET_LINES;
import static io.baedal.saga.Journeys.TOKEN;
import static io.baedal.saga.Journeys.TOTAL;
import static io.baedal.saga.Journeys.placed;
import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.coreapi.delivery.CreateDeliveryCommand;
import io.baedal.coreapi.delivery.DeliveryClaimedEvent;
import io.baedal.coreapi.delivery.DeliveryCompletedEvent;
import io.baedal.coreapi.delivery.DeliveryPickedUpEvent;
import io.baedal.coreapi.delivery.EscalateUnclaimedDeliveryCommand;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.kitchen.CancelTicketCommand;
import io.baedal.coreapi.kitchen.CookingFinishedEvent;
import io.baedal.coreapi.kitchen.CookingStartedEvent;
import io.baedal.coreapi.kitchen.CreateTicketCommand;
import io.baedal.coreapi.kitchen.RejectTicketCommand;
import io.baedal.coreapi.kitchen.TicketAcceptedEvent;
import io.baedal.coreapi.kitchen.TicketCancellationRefusedEvent;
import io.baedal.coreapi.kitchen.TicketCancelledEvent;
import io.baedal.coreapi.kitchen.TicketCreatedEvent;
import io.baedal.coreapi.kitchen.TicketRejectedEvent;
import io.baedal.coreapi.kitchen.TicketStatus;
import io.baedal.coreapi.order.AcceptOrderCommand;
import io.baedal.coreapi.order.CompleteOrderCommand;
import io.baedal.coreapi.order.ConfirmOrderCancellationCommand;
import io.baedal.coreapi.order.MarkOrderCookingCommand;
import io.baedal.coreapi.order.MarkOrderPaidCommand;
import io.baedal.coreapi.order.MarkOrderPaymentRetryingCommand;
import io.baedal.coreapi.order.MarkOrderPickedUpCommand;
import io.baedal.coreapi.order.MarkOrderReadyForPickupCommand;
import io.baedal.coreapi.order.OrderAcceptedEvent;
import io.baedal.coreapi.order.OrderCancellationRejectedEvent;
import io.baedal.coreapi.order.OrderCancellationRequestedEvent;
import io.baedal.coreapi.order.OrderCancelledEvent;
import io.baedal.coreapi.order.OrderCookingStartedEvent;
import io.baedal.coreapi.order.OrderDeliveredEvent;
import io.baedal.coreapi.order.OrderPaidEvent;
import io.baedal.coreapi.order.OrderPickedUpEvent;
import io.baedal.coreapi.order.OrderReason;
import io.baedal.coreapi.order.OrderRejectedEvent;
import io.baedal.coreapi.order.OrderStatus;
import io.baedal.coreapi.order.RejectOrderCancellationCommand;
import io.baedal.coreapi.order.RejectOrderCommand;
import io.baedal.coreapi.payment.PaymentApprovedEvent;
import io.baedal.coreapi.payment.PaymentDeclinedEvent;
import io.baedal.coreapi.payment.PaymentRefundedEvent;
import io.baedal.coreapi.payment.PaymentUnavailableEvent;
import io.baedal.coreapi.payment.ProcessPaymentCommand;
import io.baedal.coreapi.payment.RefundPaymentCommand;
import io.baedal.coreapi.payment.RetryPaymentCommand;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One test per row of the step / compensation table in {@link OrderSaga}'s Javadoc, and then some. */
class OrderSagaTest {

    private static final Object APPROVED = new PaymentApprovedEvent(PAYMENT, ORDER, TOTAL, "SIM-1");
    private static final Object PAID = new OrderPaidEvent(ORDER, PAYMENT);
    private static final Object TICKET_CREATED = new TicketCreatedEvent(TICKET, ORDER, RESTAURANT, TICKET_LINES);
    private static final Object TICKET_ACCEPTED = new TicketAcceptedEvent(TICKET, ORDER);
    private static final Object ORDER_ACCEPTED = new OrderAcceptedEvent(ORDER, TICKET);
    private static final Object COOKING_STARTED = new CookingStartedEvent(TICKET, ORDER);
    private static final Object ORDER_COOKING = new OrderCookingStartedEvent(ORDER);
    private static final Object COOKING_FINISHED = new CookingFinishedEvent(TICKET, ORDER);

    private SagaTestFixture<OrderSaga> fixture;
    private SimpleMeterRegistry meters;

    private Set<Meter.Id> seriesAtStart;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(OrderSaga.class);
        meters = new SimpleMeterRegistry();
        fixture.registerResource(new SagaSupport(PROPERTIES, new SagaMonitor(meters)));
        seriesAtStart = meters.getMeters().stream().map(Meter::getId).collect(Collectors.toSet());
    }

    /**
     * Every test covers a row of the saga's table: whatever series it wrote existed from the start
     * (at 0, for the dashboards), except a failure named after the code of a rule's refusal.
     */
    @AfterEach
    void everySeriesWrittenExistedFromTheStart() {
        assertThat(meters.getMeters().stream().map(Meter::getId)
                .filter(id -> !seriesAtStart.contains(id))
                .filter(id -> !id.getName().equals("baedal.saga.failures")
                        || SagaMonitor.RETRIES_EXHAUSTED.equals(id.getTag("reason"))))
                .as("series the saga wrote that were not registered at start")
                .isEmpty();
    }

    private static List<Object> upTo(Object... events) {
        List<Object> history = new ArrayList<>();
        history.add(placed());
        history.addAll(List.of(events));
        return history;
    }

    private static List<Object> cooking() {
        return upTo(APPROVED, PAID, TICKET_CREATED, TICKET_ACCEPTED, ORDER_ACCEPTED, COOKING_STARTED, ORDER_COOKING);
    }

    private static List<Object> readyForPickup() {
        List<Object> history = cooking();
        history.add(COOKING_FINISHED);
        return history;
    }

    private double counter(String name, String step, String reason) {
        var counter = meters.find(name).tag("step", step).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    // --- the happy path --------------------------------------------------------------------------

    @Test
    void aPlacedOrderIsPaidFor() throws Exception {
        fixture.givenNoPriorActivity()
                .whenPublishingA(placed())
                .expectActiveSagas(1)
                .expectAssociationWith(OrderSaga.PAYMENT_ID, PAYMENT.value())
                .expectDispatchedCommands(new ProcessPaymentCommand(PAYMENT, ORDER, TOTAL, TOKEN));
    }

    @Test
    void anApprovedPaymentMarksTheOrderPaid() throws Exception {
        fixture.givenAPublished(placed())
                .whenPublishingA(APPROVED)
                .expectDispatchedCommands(new MarkOrderPaidCommand(ORDER, PAYMENT));
    }

    @Test
    void aPaidOrderGetsAKitchenTicketAndAnAcceptanceDeadline() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED)
                .whenPublishingA(PAID)
                .expectAssociationWith(OrderSaga.TICKET_ID, TICKET.value())
                .expectDispatchedCommands(new CreateTicketCommand(TICKET, ORDER, RESTAURANT, TICKET_LINES))
                .expectScheduledDeadlineWithName(Duration.ofMinutes(5), OrderSaga.ACCEPTANCE_DEADLINE);
    }

    @Test
    void anAcceptedTicketAcceptsTheOrderAndEndsTheAcceptanceDeadline() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenAPublished(TICKET_CREATED)
                .whenPublishingA(TICKET_ACCEPTED)
                .expectDispatchedCommands(new AcceptOrderCommand(ORDER, TICKET))
                .expectNoScheduledDeadlineWithName(Duration.ofMinutes(5), OrderSaga.ACCEPTANCE_DEADLINE);
    }

    @Test
    void startedCookingMarksTheOrderCooking() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenAPublished(TICKET_ACCEPTED).andThenAPublished(ORDER_ACCEPTED)
                .whenPublishingA(COOKING_STARTED)
                .expectDispatchedCommands(new MarkOrderCookingCommand(ORDER));
    }

    @Test
    void finishedCookingCreatesTheDeliveryAndMakesTheOrderReady() throws Exception {
        givenAll(cooking())
                .whenPublishingA(COOKING_FINISHED)
                .expectAssociationWith(OrderSaga.DELIVERY_ID, DELIVERY.value())
                .expectDispatchedCommands(
                        new CreateDeliveryCommand(DELIVERY, ORDER, "mapo", RESTAURANT_ADDRESS, HOME),
                        new MarkOrderReadyForPickupCommand(ORDER, DELIVERY))
                .expectScheduledDeadlineWithName(Duration.ofMinutes(10), OrderSaga.RIDER_CLAIM_DEADLINE);
    }

    /** The kitchen can finish before the order's own event of its cooking reaches the saga. */
    @Test
    void finishedCookingBeforeTheOrdersCookingEventMakesTheOrderReadyAtOnce() throws Exception {
        givenAll(upTo(APPROVED, PAID, TICKET_CREATED, TICKET_ACCEPTED, ORDER_ACCEPTED, COOKING_STARTED))
                .whenPublishingA(COOKING_FINISHED)
                .expectAssociationWith(OrderSaga.DELIVERY_ID, DELIVERY.value())
                .expectDispatchedCommands(
                        new CreateDeliveryCommand(DELIVERY, ORDER, "mapo", RESTAURANT_ADDRESS, HOME),
                        new MarkOrderReadyForPickupCommand(ORDER, DELIVERY));
    }

    @Test
    void theOrdersCookingEventArrivingAfterTheFoodIsReadyChangesNothing() throws Exception {
        givenAll(upTo(APPROVED, PAID, TICKET_CREATED, TICKET_ACCEPTED, ORDER_ACCEPTED, COOKING_STARTED, COOKING_FINISHED))
                .whenPublishingA(ORDER_COOKING)
                .expectActiveSagas(1)
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(Duration.ofMinutes(10), OrderSaga.RIDER_CLAIM_DEADLINE);
    }

    @Test
    void aPickedUpDeliveryMarksTheOrderPickedUp() throws Exception {
        List<Object> history = readyForPickup();
        history.add(new DeliveryClaimedEvent(DELIVERY, ORDER, RIDER));
        givenAll(history)
                .whenPublishingA(new DeliveryPickedUpEvent(DELIVERY, ORDER, RIDER))
                .expectDispatchedCommands(new MarkOrderPickedUpCommand(ORDER, RIDER));
    }

    @Test
    void aCompletedDeliveryCompletesTheOrder() throws Exception {
        List<Object> history = readyForPickup();
        history.add(new DeliveryClaimedEvent(DELIVERY, ORDER, RIDER));
        history.add(new DeliveryPickedUpEvent(DELIVERY, ORDER, RIDER));
        givenAll(history)
                .whenPublishingA(new DeliveryCompletedEvent(DELIVERY, ORDER, RIDER))
                .expectDispatchedCommands(new CompleteOrderCommand(ORDER));
    }

    @Test
    void aDeliveredOrderEndsTheSaga() throws Exception {
        givenAll(readyForPickup())
                .whenPublishingA(new OrderDeliveredEvent(ORDER))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void aJourneyIsCountedAndTimedStepByStep() throws Exception {
        givenAll(readyForPickup())
                .whenPublishingA(new OrderDeliveredEvent(ORDER));

        assertThat(meters.find("baedal.orders.placed").counter().count()).isEqualTo(1);
        assertThat(meters.find("baedal.orders.completed").counter().count()).isEqualTo(1);
        assertThat(meters.find("baedal.order.duration").tag("outcome", "DELIVERED").timer().count()).isEqualTo(1);
        for (String step : List.of("payment", "acceptance", "cooking")) {
            assertThat(meters.find("baedal.saga.step.duration").tag("step", step).timer().count()).as(step).isEqualTo(1);
        }
    }

    // --- 1. payment declined -----------------------------------------------------------------

    @Test
    void aDeclinedPaymentRejectsTheOrder() throws Exception {
        fixture.givenAPublished(placed())
                .whenPublishingA(new PaymentDeclinedEvent(PAYMENT, ORDER, "declined"))
                .expectDispatchedCommands(new RejectOrderCommand(ORDER, OrderReason.PAYMENT_DECLINED));
    }

    @Test
    void aRejectedOrderEndsTheSaga() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(new PaymentDeclinedEvent(PAYMENT, ORDER, "declined"))
                .whenPublishingA(new OrderRejectedEvent(ORDER, OrderReason.PAYMENT_DECLINED))
                .expectActiveSagas(0);
    }

    // --- 2. restaurant rejects -----------------------------------------------------------------

    @Test
    void aRejectedTicketIsRefunded() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenAPublished(TICKET_CREATED)
                .whenPublishingA(new TicketRejectedEvent(TICKET, ORDER, "out of rice"))
                .expectDispatchedCommands(new RefundPaymentCommand(PAYMENT, "RESTAURANT_REJECTED"))
                .expectNoScheduledDeadlineWithName(Duration.ofMinutes(5), OrderSaga.ACCEPTANCE_DEADLINE);
    }

    @Test
    void theRefundAfterARestaurantRejectionRejectsTheOrder() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenAPublished(new TicketRejectedEvent(TICKET, ORDER, "out of rice"))
                .whenPublishingA(new PaymentRefundedEvent(PAYMENT, ORDER, TOTAL, "RESTAURANT_REJECTED"))
                .expectDispatchedCommands(new RejectOrderCommand(ORDER, OrderReason.RESTAURANT_REJECTED));
    }

    // --- 3. acceptance timeout -----------------------------------------------------------------

    @Test
    void noAnswerFromTheRestaurantRejectsTheTicket() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenAPublished(TICKET_CREATED)
                .whenTimeElapses(Duration.ofMinutes(5))
                .expectDeadlinesMet(ORDER)
                .expectDispatchedCommands(new RejectTicketCommand(TICKET, "ACCEPTANCE_TIMEOUT"));
    }

    @Test
    void aTimedOutTicketIsRefundedAndTheOrderRejectedForTheTimeout() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenTimeElapses(Duration.ofMinutes(5))
                .andThenAPublished(new TicketRejectedEvent(TICKET, ORDER, "ACCEPTANCE_TIMEOUT"))
                .whenPublishingA(new PaymentRefundedEvent(PAYMENT, ORDER, TOTAL, "ACCEPTANCE_TIMEOUT"))
                .expectDispatchedCommands(new RejectOrderCommand(ORDER, OrderReason.ACCEPTANCE_TIMEOUT));
    }

    @Test
    void aTicketAcceptedInTimeIsNotTimedOut() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenAPublished(TICKET_ACCEPTED)
                .whenTimeElapses(Duration.ofMinutes(6))
                .expectNoDispatchedCommands();
    }

    // --- 4. customer cancels -------------------------------------------------------------------

    @Test
    void aCancelWhilePaymentIsInFlightWaitsForItsOutcome() throws Exception {
        fixture.givenAPublished(placed())
                .whenPublishingA(new OrderCancellationRequestedEvent(ORDER, OrderStatus.PAYMENT_PENDING, "x"))
                .expectNoDispatchedCommands();
    }

    @Test
    void aPaymentApprovedAfterTheCancelIsRefunded() throws Exception {
        fixture.givenAPublished(placed())
                .andThenAPublished(new OrderCancellationRequestedEvent(ORDER, OrderStatus.PAYMENT_PENDING, "x"))
                .whenPublishingA(APPROVED)
                .expectDispatchedCommands(new RefundPaymentCommand(PAYMENT, "CUSTOMER_CANCELLED"));
    }

    @Test
    void aPaymentDeclinedAfterTheCancelConfirmsTheCancellation() throws Exception {
        fixture.givenAPublished(placed())
                .andThenAPublished(new OrderCancellationRequestedEvent(ORDER, OrderStatus.PAYMENT_PENDING, "x"))
                .whenPublishingA(new PaymentDeclinedEvent(PAYMENT, ORDER, "declined"))
                .expectDispatchedCommands(new ConfirmOrderCancellationCommand(ORDER));
    }

    @Test
    void aCancelOfAPaidOrderWithoutTicketIsRefunded() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED)
                .whenPublishingA(new OrderCancellationRequestedEvent(ORDER, OrderStatus.PAID, "x"))
                .expectDispatchedCommands(new RefundPaymentCommand(PAYMENT, "CUSTOMER_CANCELLED"));
    }

    @Test
    void aCancelWhileTheTicketAwaitsAcceptanceCancelsTheTicket() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenAPublished(TICKET_CREATED)
                .whenPublishingA(new OrderCancellationRequestedEvent(ORDER, OrderStatus.PAID, "x"))
                .expectDispatchedCommands(new CancelTicketCommand(TICKET, "CUSTOMER_CANCELLED"));
    }

    @Test
    void aCancelOfAnAcceptedOrderCancelsTheTicket() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenAPublished(TICKET_ACCEPTED).andThenAPublished(ORDER_ACCEPTED)
                .whenPublishingA(new OrderCancellationRequestedEvent(ORDER, OrderStatus.ACCEPTED, "x"))
                .expectDispatchedCommands(new CancelTicketCommand(TICKET, "CUSTOMER_CANCELLED"));
    }

    @Test
    void aCancelledTicketOfAPaidOrderIsRefunded() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenAPublished(new OrderCancellationRequestedEvent(ORDER, OrderStatus.PAID, "x"))
                .whenPublishingA(new TicketCancelledEvent(TICKET, ORDER, "CUSTOMER_CANCELLED"))
                .expectDispatchedCommands(new RefundPaymentCommand(PAYMENT, "CUSTOMER_CANCELLED"))
                .expectNoScheduledDeadlineWithName(Duration.ofMinutes(5), OrderSaga.ACCEPTANCE_DEADLINE);
    }

    @Test
    void theRefundOfACancelledOrderConfirmsTheCancellation() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED)
                .andThenAPublished(new OrderCancellationRequestedEvent(ORDER, OrderStatus.PAID, "x"))
                .whenPublishingA(new PaymentRefundedEvent(PAYMENT, ORDER, TOTAL, "CUSTOMER_CANCELLED"))
                .expectDispatchedCommands(new ConfirmOrderCancellationCommand(ORDER));
    }

    @Test
    void aCancelWhileThePaymentIsRetriedConfirmsAtOnceAndStopsRetrying() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(new PaymentUnavailableEvent(PAYMENT, ORDER, 1, "down"))
                .whenPublishingA(new OrderCancellationRequestedEvent(ORDER, OrderStatus.PAYMENT_RETRYING, "x"))
                .expectDispatchedCommands(new ConfirmOrderCancellationCommand(ORDER))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aCancelThatRacesWithCookingIsRejectedAndTheOrderCarriesOn() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenAPublished(TICKET_ACCEPTED).andThenAPublished(ORDER_ACCEPTED)
                .andThenAPublished(new OrderCancellationRequestedEvent(ORDER, OrderStatus.ACCEPTED, "x"))
                .andThenAPublished(COOKING_STARTED)
                .whenPublishingA(new TicketCancellationRefusedEvent(TICKET, ORDER, TicketStatus.COOKING))
                .expectDispatchedCommands(new RejectOrderCancellationCommand(ORDER), new MarkOrderCookingCommand(ORDER));
    }

    @Test
    void aCancelledOrderEndsTheSaga() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .whenPublishingA(new OrderCancelledEvent(ORDER, OrderReason.CUSTOMER_CANCELLED))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    // --- 5. payment gateway unavailable --------------------------------------------------------

    @Test
    void anUnavailableGatewayMarksTheOrderRetryingAndSchedulesARetry() throws Exception {
        fixture.givenAPublished(placed())
                .whenPublishingA(new PaymentUnavailableEvent(PAYMENT, ORDER, 1, "down"))
                .expectDispatchedCommands(new MarkOrderPaymentRetryingCommand(ORDER, PAYMENT, 1))
                .expectScheduledDeadlineWithName(Duration.ofSeconds(2), OrderSaga.PAYMENT_RETRY_DEADLINE);
    }

    @Test
    void theRetryDeadlineRetriesThePayment() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(new PaymentUnavailableEvent(PAYMENT, ORDER, 1, "down"))
                .whenTimeElapses(Duration.ofSeconds(2))
                .expectDispatchedCommands(new RetryPaymentCommand(PAYMENT));
    }

    @Test
    void retriesBackOffExponentially() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(new PaymentUnavailableEvent(PAYMENT, ORDER, 1, "down"))
                .andThenTimeElapses(Duration.ofSeconds(2))
                .whenPublishingA(new PaymentUnavailableEvent(PAYMENT, ORDER, 2, "down"))
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(Duration.ofSeconds(4), OrderSaga.PAYMENT_RETRY_DEADLINE);
    }

    @Test
    void exhaustedRetriesRejectTheOrderAsPaymentUnavailable() throws Exception {
        fixture.givenAPublished(placed())
                .andThenAPublished(new PaymentUnavailableEvent(PAYMENT, ORDER, 1, "down"))
                .andThenTimeElapses(Duration.ofSeconds(2))
                .andThenAPublished(new PaymentUnavailableEvent(PAYMENT, ORDER, 2, "down"))
                .andThenTimeElapses(Duration.ofSeconds(4))
                .andThenAPublished(new PaymentUnavailableEvent(PAYMENT, ORDER, 3, "down"))
                .andThenTimeElapses(Duration.ofSeconds(8))
                .whenPublishingA(new PaymentUnavailableEvent(PAYMENT, ORDER, 4, "down"))
                .expectDispatchedCommands(new RejectOrderCommand(ORDER, OrderReason.PAYMENT_UNAVAILABLE));
    }

    @Test
    void aRetriedPaymentThatIsApprovedMarksTheOrderPaid() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(new PaymentUnavailableEvent(PAYMENT, ORDER, 1, "down"))
                .andThenTimeElapses(Duration.ofSeconds(2))
                .whenPublishingA(APPROVED)
                .expectDispatchedCommands(new MarkOrderPaidCommand(ORDER, PAYMENT));
    }

    // --- 6. no rider -------------------------------------------------------------------------

    @Test
    void aDeliveryNoRiderClaimsIsEscalated() throws Exception {
        givenAll(readyForPickup())
                .whenTimeElapses(Duration.ofMinutes(10))
                .expectDispatchedCommands(new EscalateUnclaimedDeliveryCommand(DELIVERY, Duration.ofMinutes(10)))
                .expectScheduledDeadlineWithName(Duration.ofMinutes(10), OrderSaga.RIDER_CLAIM_DEADLINE);
    }

    @Test
    void aClaimedDeliveryIsNotEscalated() throws Exception {
        givenAll(readyForPickup())
                .andThenAPublished(new DeliveryClaimedEvent(DELIVERY, ORDER, RIDER))
                .whenTimeElapses(Duration.ofMinutes(11))
                .expectNoDispatchedCommands();
    }

    // --- 7. failed commands ------------------------------------------------------------------

    @Test
    void aRefusedCommandIsRecordedAsASagaFailure() throws Exception {
        fixture.setCallbackBehavior((command, metaData) -> {
            if (command instanceof CreateTicketCommand) {
                throw new CommandExecutionException("refused", null, ErrorCode.EMPTY_ORDER.name());
            }
            return null;
        });
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED)
                .whenPublishingA(PAID)
                .expectDispatchedCommands(new CreateTicketCommand(TICKET, ORDER, RESTAURANT, TICKET_LINES))
                .expectNoScheduledDeadlineWithName(Duration.ofSeconds(1), OrderSaga.COMMAND_RETRY_DEADLINE);

        assertThat(counter("baedal.saga.failures", "CREATE_TICKET", "EMPTY_ORDER")).isEqualTo(1);
    }

    @Test
    void aTechnicalFailureIsRetriedAfterABackoff() throws Exception {
        failTechnically(CreateTicketCommand.class, "database unavailable");
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED)
                .whenPublishingA(PAID)
                .expectScheduledDeadlineWithName(Duration.ofSeconds(1), OrderSaga.COMMAND_RETRY_DEADLINE);

        assertThat(counter("baedal.saga.retries", "CREATE_TICKET", "TECHNICAL")).isEqualTo(1);
    }

    /** The saga's end cancels its pending retry and its timeouts by their schedule ids, not by name. */
    @Test
    void anOrderThatEndsWhileACommandAwaitsItsRetryLeavesNoDeadline() throws Exception {
        failTechnically(CreateTicketCommand.class, "database unavailable");
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .whenPublishingA(new OrderRejectedEvent(ORDER, OrderReason.RESTAURANT_REJECTED))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void theRetryDeadlineSendsTheFailedCommandAgain() throws Exception {
        AtomicInteger ticketAttempts = new AtomicInteger();
        fixture.setCallbackBehavior((command, metaData) -> {
            if (command instanceof CreateTicketCommand && ticketAttempts.incrementAndGet() == 1) {
                throw new IllegalStateException("database unavailable");
            }
            return null;
        });
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .whenTimeElapses(Duration.ofSeconds(1))
                .expectDispatchedCommands(new CreateTicketCommand(TICKET, ORDER, RESTAURANT, TICKET_LINES));
    }

    @Test
    void aCommandThatKeepsFailingIsRecordedOnceItsAttemptsRunOutAndStillRetried() throws Exception {
        failTechnically(AcceptOrderCommand.class, "database unavailable");
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenAPublished(TICKET_ACCEPTED)
                .andThenTimeElapses(Duration.ofSeconds(1))
                .whenTimeElapses(Duration.ofSeconds(2))
                .expectDispatchedCommands(new AcceptOrderCommand(ORDER, TICKET))
                .expectScheduledDeadlineWithName(Duration.ofSeconds(4), OrderSaga.COMMAND_RETRY_DEADLINE);

        assertThat(counter("baedal.saga.failures", "ACCEPT_ORDER", "RETRIES_EXHAUSTED")).isEqualTo(1);
    }

    @Test
    void aPaymentThatCannotBeAttemptedRejectsTheOrderOnceItsAttemptsRunOut() throws Exception {
        failTechnically(ProcessPaymentCommand.class, "gateway answered with an error");
        fixture.givenAPublished(placed())
                .andThenTimeElapses(Duration.ofSeconds(1))
                .whenTimeElapses(Duration.ofSeconds(2))
                .expectDispatchedCommands(new ProcessPaymentCommand(PAYMENT, ORDER, TOTAL, TOKEN),
                        new RejectOrderCommand(ORDER, OrderReason.PAYMENT_UNAVAILABLE))
                .expectNoScheduledDeadlines();

        assertThat(counter("baedal.saga.failures", "PROCESS_PAYMENT", "RETRIES_EXHAUSTED")).isEqualTo(1);
    }

    @Test
    void aRefundIsRetriedBeyondTheUsualAttempts() throws Exception {
        failTechnically(RefundPaymentCommand.class, "gateway unavailable");
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenAPublished(new TicketRejectedEvent(TICKET, ORDER, "closed"))
                .andThenTimeElapses(Duration.ofSeconds(1))
                .andThenTimeElapses(Duration.ofSeconds(2))
                .whenTimeElapses(Duration.ofSeconds(4))
                .expectDispatchedCommands(new RefundPaymentCommand(PAYMENT, "RESTAURANT_REJECTED"))
                .expectScheduledDeadlineWithName(Duration.ofSeconds(8), OrderSaga.COMMAND_RETRY_DEADLINE);
    }

    // --- 8. races: two actors change one order at the same moment -------------------------------

    private static final Object CANCEL_REQUESTED_WHEN_PAID = new OrderCancellationRequestedEvent(ORDER, OrderStatus.PAID, "x");

    private void refuse(Class<?> commandType, ErrorCode code) {
        fixture.setCallbackBehavior((command, metaData) -> {
            if (commandType.isInstance(command)) {
                throw new CommandExecutionException("refused", null, code.name());
            }
            return null;
        });
    }

    /** Every command of that type fails for a technical reason (not a refusal by a rule). */
    private void failTechnically(Class<?> commandType, String why) {
        fixture.setCallbackBehavior((command, metaData) -> {
            if (commandType.isInstance(command)) {
                throw new IllegalStateException(why);
            }
            return null;
        });
    }

    /** The first command of that type is refused, later ones go through. */
    private void refuseOnce(Class<?> commandType, ErrorCode code) {
        AtomicInteger seen = new AtomicInteger();
        fixture.setCallbackBehavior((command, metaData) -> {
            if (commandType.isInstance(command) && seen.incrementAndGet() == 1) {
                throw new CommandExecutionException("refused", null, code.name());
            }
            return null;
        });
    }

    @Test
    void aCancelSeenBeforeTheKitchenAcceptedAndStartedCookingCatchesTheOrderUpWhenRefused() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenAPublished(CANCEL_REQUESTED_WHEN_PAID)
                .andThenAPublished(TICKET_ACCEPTED)
                .andThenAPublished(COOKING_STARTED)
                .whenPublishingA(new TicketCancellationRefusedEvent(TICKET, ORDER, TicketStatus.COOKING))
                .expectDispatchedCommands(new RejectOrderCancellationCommand(ORDER), new AcceptOrderCommand(ORDER, TICKET),
                        new MarkOrderCookingCommand(ORDER));
    }

    @Test
    void anAcceptanceTheOrderRefusedForAPendingCancelIsARaceNotAFailure() throws Exception {
        refuse(AcceptOrderCommand.class, ErrorCode.ILLEGAL_ORDER_STATE);
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .whenPublishingA(TICKET_ACCEPTED)
                .expectDispatchedCommands(new AcceptOrderCommand(ORDER, TICKET))
                .expectNoScheduledDeadlineWithName(Duration.ofSeconds(1), OrderSaga.COMMAND_RETRY_DEADLINE);

        assertThat(counter("baedal.saga.races", "ACCEPT_ORDER", "ILLEGAL_ORDER_STATE")).isEqualTo(1);
        assertThat(counter("baedal.saga.failures", "ACCEPT_ORDER", "ILLEGAL_ORDER_STATE")).isZero();
    }

    @Test
    void anAcceptanceRefusedInTheRaceIsCaughtUpOnceTheCancellationIsRefused() throws Exception {
        refuseOnce(AcceptOrderCommand.class, ErrorCode.ILLEGAL_ORDER_STATE);
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenAPublished(TICKET_ACCEPTED)
                .andThenAPublished(CANCEL_REQUESTED_WHEN_PAID)
                .andThenAPublished(COOKING_STARTED)
                .whenPublishingA(new TicketCancellationRefusedEvent(TICKET, ORDER, TicketStatus.COOKING))
                .expectDispatchedCommands(new RejectOrderCancellationCommand(ORDER), new AcceptOrderCommand(ORDER, TICKET),
                        new MarkOrderCookingCommand(ORDER));
    }

    @Test
    void aCancelRefusedOnceTheFoodIsReadyCatchesTheOrderUpToPickup() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenAPublished(CANCEL_REQUESTED_WHEN_PAID)
                .andThenAPublished(TICKET_ACCEPTED)
                .andThenAPublished(COOKING_STARTED)
                .andThenAPublished(COOKING_FINISHED)
                .whenPublishingA(new TicketCancellationRefusedEvent(TICKET, ORDER, TicketStatus.READY))
                .expectAssociationWith(OrderSaga.DELIVERY_ID, DELIVERY.value())
                .expectDispatchedCommands(new RejectOrderCancellationCommand(ORDER), new AcceptOrderCommand(ORDER, TICKET),
                        new MarkOrderCookingCommand(ORDER),
                        new CreateDeliveryCommand(DELIVERY, ORDER, "mapo", RESTAURANT_ADDRESS, HOME),
                        new MarkOrderReadyForPickupCommand(ORDER, DELIVERY))
                .expectScheduledDeadlineWithName(Duration.ofMinutes(10), OrderSaga.RIDER_CLAIM_DEADLINE);
    }

    @Test
    void whileTheCancellationIsPendingTheOrderDoesNotFollowTheKitchen() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenAPublished(CANCEL_REQUESTED_WHEN_PAID)
                .andThenAPublished(TICKET_ACCEPTED)
                .whenPublishingA(COOKING_STARTED)
                .expectNoDispatchedCommands();
    }

    @Test
    void theOrdersOwnRejectionOfTheCancellationCatchesItUpWhenTheSagasCommandCameTooLate() throws Exception {
        refuse(RejectOrderCancellationCommand.class, ErrorCode.ILLEGAL_ORDER_STATE);
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenAPublished(CANCEL_REQUESTED_WHEN_PAID)
                .andThenAPublished(TICKET_ACCEPTED)
                .andThenAPublished(COOKING_STARTED)
                .andThenAPublished(new TicketCancellationRefusedEvent(TICKET, ORDER, TicketStatus.COOKING))
                .whenPublishingA(new OrderCancellationRejectedEvent(ORDER, OrderStatus.PAID))
                .expectDispatchedCommands(new AcceptOrderCommand(ORDER, TICKET), new MarkOrderCookingCommand(ORDER));
    }

    @Test
    void anOrderEventTheSagaDidNotExpectMovesItsKnowledgeOn() throws Exception {
        refuse(MarkOrderCookingCommand.class, ErrorCode.ILLEGAL_ORDER_STATE);
        givenAll(upTo(APPROVED, PAID, TICKET_ACCEPTED, ORDER_ACCEPTED, COOKING_STARTED, COOKING_FINISHED))
                .whenPublishingA(ORDER_COOKING)
                .expectDispatchedCommands(new CreateDeliveryCommand(DELIVERY, ORDER, "mapo", RESTAURANT_ADDRESS, HOME),
                        new MarkOrderReadyForPickupCommand(ORDER, DELIVERY));
    }

    @Test
    void aSecondCancelAfterARefusedOneIsHandledAgain() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenAPublished(CANCEL_REQUESTED_WHEN_PAID)
                .andThenAPublished(TICKET_ACCEPTED)
                .andThenAPublished(COOKING_STARTED)
                .andThenAPublished(new TicketCancellationRefusedEvent(TICKET, ORDER, TicketStatus.COOKING))
                .andThenAPublished(new OrderCancellationRejectedEvent(ORDER, OrderStatus.PAID))
                .whenPublishingA(new OrderCancellationRequestedEvent(ORDER, OrderStatus.ACCEPTED, "y"))
                .expectDispatchedCommands(new CancelTicketCommand(TICKET, "CUSTOMER_CANCELLED"));
    }

    @Test
    void aCancelAfterTheRestaurantsRejectionWasRefundedConfirmsTheCancellation() throws Exception {
        refuse(RejectOrderCommand.class, ErrorCode.ILLEGAL_ORDER_STATE);
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenAPublished(new TicketRejectedEvent(TICKET, ORDER, "out of rice"))
                .andThenAPublished(new PaymentRefundedEvent(PAYMENT, ORDER, TOTAL, "RESTAURANT_REJECTED"))
                .whenPublishingA(CANCEL_REQUESTED_WHEN_PAID)
                .expectDispatchedCommands(new ConfirmOrderCancellationCommand(ORDER));

        assertThat(counter("baedal.saga.races", "REJECT_ORDER", "ILLEGAL_ORDER_STATE")).isEqualTo(1);
    }

    @Test
    void aCancelWhileTheRejectionsRefundIsUnderWayIsConfirmedByTheRefund() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenAPublished(new TicketRejectedEvent(TICKET, ORDER, "out of rice"))
                .andThenAPublished(CANCEL_REQUESTED_WHEN_PAID)
                .whenPublishingA(new PaymentRefundedEvent(PAYMENT, ORDER, TOTAL, "RESTAURANT_REJECTED"))
                .expectDispatchedCommands(new ConfirmOrderCancellationCommand(ORDER));
    }

    @Test
    void aTicketCancelRefusedBecauseTheRestaurantRejectedIsARaceAndTheRefundConfirms() throws Exception {
        refuse(CancelTicketCommand.class, ErrorCode.ILLEGAL_TICKET_STATE);
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenAPublished(CANCEL_REQUESTED_WHEN_PAID)
                .andThenAPublished(new TicketRejectedEvent(TICKET, ORDER, "out of rice"))
                .whenPublishingA(new PaymentRefundedEvent(PAYMENT, ORDER, TOTAL, "CUSTOMER_CANCELLED"))
                .expectDispatchedCommands(new ConfirmOrderCancellationCommand(ORDER));

        assertThat(counter("baedal.saga.races", "CANCEL_TICKET", "ILLEGAL_TICKET_STATE")).isEqualTo(1);
        assertThat(counter("baedal.saga.failures", "CANCEL_TICKET", "ILLEGAL_TICKET_STATE")).isZero();
    }

    @Test
    void aTimeoutTheKitchenBeatIsARaceAndTheAcceptanceCarriesOn() throws Exception {
        refuse(RejectTicketCommand.class, ErrorCode.ILLEGAL_TICKET_STATE);
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenTimeElapses(Duration.ofMinutes(5))
                .whenPublishingA(TICKET_ACCEPTED)
                .expectDispatchedCommands(new AcceptOrderCommand(ORDER, TICKET));

        assertThat(counter("baedal.saga.races", "TIME_OUT_TICKET", "ILLEGAL_TICKET_STATE")).isEqualTo(1);
        assertThat(counter("baedal.saga.failures", "TIME_OUT_TICKET", "ILLEGAL_TICKET_STATE")).isZero();
    }

    @Test
    void aPaymentMarkedPaidTooLateForTheCancelIsRefundedWhenTheCancelArrives() throws Exception {
        refuse(MarkOrderPaidCommand.class, ErrorCode.ILLEGAL_ORDER_STATE);
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED)
                .whenPublishingA(new OrderCancellationRequestedEvent(ORDER, OrderStatus.PAYMENT_PENDING, "x"))
                .expectDispatchedCommands(new RefundPaymentCommand(PAYMENT, "CUSTOMER_CANCELLED"));
    }

    @Test
    void aPickUpTheOrderRefusedIsCaughtUpByTheOrdersOwnEvent() throws Exception {
        refuse(MarkOrderPickedUpCommand.class, ErrorCode.ILLEGAL_ORDER_STATE);
        List<Object> history = readyForPickup();
        history.add(new DeliveryClaimedEvent(DELIVERY, ORDER, RIDER));
        history.add(new DeliveryPickedUpEvent(DELIVERY, ORDER, RIDER));
        history.add(new DeliveryCompletedEvent(DELIVERY, ORDER, RIDER));
        givenAll(history)
                .whenPublishingA(new OrderPickedUpEvent(ORDER, RIDER))
                .expectDispatchedCommands(new CompleteOrderCommand(ORDER));
    }

    @Test
    void aPaymentRetryWhoseOutcomeCameInMeanwhileIsNotSentAgainAfterTheCancel() throws Exception {
        AtomicInteger retries = new AtomicInteger();
        fixture.setCallbackBehavior((command, metaData) -> {
            if (command instanceof RetryPaymentCommand && retries.incrementAndGet() == 1) {
                throw new IllegalStateException("timed out, outcome unknown");
            }
            return null;
        });
        fixture.givenAPublished(placed())
                .andThenAPublished(new PaymentUnavailableEvent(PAYMENT, ORDER, 1, "down"))
                .andThenTimeElapses(Duration.ofSeconds(2))
                .andThenAPublished(new PaymentUnavailableEvent(PAYMENT, ORDER, 2, "down"))
                .andThenAPublished(new OrderCancellationRequestedEvent(ORDER, OrderStatus.PAYMENT_RETRYING, "x"))
                .whenTimeElapses(Duration.ofSeconds(1))
                .expectNoDispatchedCommands();
    }

    // --- an event delivered twice --------------------------------------------------------------

    @Test
    void aPlacedOrderDeliveredTwiceIsPaidForOnce() throws Exception {
        fixture.givenAPublished(placed())
                .whenPublishingA(placed())
                .expectActiveSagas(1)
                .expectNoDispatchedCommands();
    }

    @Test
    void anApprovalDeliveredTwiceMarksTheOrderPaidOnce() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED)
                .whenPublishingA(APPROVED)
                .expectNoDispatchedCommands();
    }

    @Test
    void aRejectionDeliveredTwiceRefundsOnce() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenAPublished(new TicketRejectedEvent(TICKET, ORDER, "closed"))
                .whenPublishingA(new TicketRejectedEvent(TICKET, ORDER, "closed"))
                .expectNoDispatchedCommands();
    }

    @Test
    void aRefundDeliveredTwiceRejectsTheOrderOnce() throws Exception {
        fixture.givenAPublished(placed()).andThenAPublished(APPROVED).andThenAPublished(PAID)
                .andThenAPublished(new TicketRejectedEvent(TICKET, ORDER, "closed"))
                .andThenAPublished(new PaymentRefundedEvent(PAYMENT, ORDER, TOTAL, "RESTAURANT_REJECTED"))
                .whenPublishingA(new PaymentRefundedEvent(PAYMENT, ORDER, TOTAL, "RESTAURANT_REJECTED"))
                .expectNoDispatchedCommands();
    }

    private org.axonframework.test.saga.ContinuedGivenState givenAll(List<Object> events) {
        org.axonframework.test.saga.ContinuedGivenState state = fixture.givenAPublished(events.get(0));
        for (Object event : events.subList(1, events.size())) {
            state = state.andThenAPublished(event);
        }
        return state;
    }
}
