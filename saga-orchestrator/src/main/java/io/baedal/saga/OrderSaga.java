package io.baedal.saga;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.baedal.coreapi.common.Address;
import io.baedal.coreapi.common.Ids;
import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.delivery.DeliveryClaimedEvent;
import io.baedal.coreapi.delivery.DeliveryCompletedEvent;
import io.baedal.coreapi.delivery.DeliveryId;
import io.baedal.coreapi.delivery.DeliveryPickedUpEvent;
import io.baedal.coreapi.delivery.RiderId;
import io.baedal.coreapi.kitchen.CookingFinishedEvent;
import io.baedal.coreapi.kitchen.CookingStartedEvent;
import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.kitchen.TicketAcceptedEvent;
import io.baedal.coreapi.kitchen.TicketCancellationRefusedEvent;
import io.baedal.coreapi.kitchen.TicketCancelledEvent;
import io.baedal.coreapi.kitchen.TicketId;
import io.baedal.coreapi.kitchen.TicketRejectedEvent;
import io.baedal.coreapi.order.OrderAcceptedEvent;
import io.baedal.coreapi.order.OrderCancellationRejectedEvent;
import io.baedal.coreapi.order.OrderCancellationRequestedEvent;
import io.baedal.coreapi.order.OrderCancelledEvent;
import io.baedal.coreapi.order.OrderCookingStartedEvent;
import io.baedal.coreapi.order.OrderDeliveredEvent;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderLine;
import io.baedal.coreapi.order.OrderMarkedReadyForPickupEvent;
import io.baedal.coreapi.order.OrderPaidEvent;
import io.baedal.coreapi.order.OrderPickedUpEvent;
import io.baedal.coreapi.order.OrderPlacedEvent;
import io.baedal.coreapi.order.OrderReason;
import io.baedal.coreapi.order.OrderRejectedEvent;
import io.baedal.coreapi.order.OrderStatus;
import io.baedal.coreapi.payment.PaymentApprovedEvent;
import io.baedal.coreapi.payment.PaymentDeclinedEvent;
import io.baedal.coreapi.payment.PaymentId;
import io.baedal.coreapi.payment.PaymentRefundedEvent;
import io.baedal.coreapi.payment.PaymentUnavailableEvent;
import io.baedal.saga.CommandDispatch.Outcome;
import io.baedal.saga.SagaTiming.Stage;
import io.baedal.saga.SagaTiming.Timeout;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.interceptors.MessageHandlerInterceptor;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;

/**
 * Drives one order from placement to a terminal status ({@code DELIVERED}, {@code CANCELLED} or
 * {@code REJECTED}), and undoes what was done when it cannot go on. Every step is triggered by
 * the event that confirms the previous one, and the saga's state says which steps were taken, so
 * an event delivered twice is not acted on twice (a command sent again after a crash, before the
 * saga's state was saved, is refused or answered as done by its aggregate).
 *
 * <p>Its state is one value per concern: how far the {@link #orderAt order}, the
 * {@link PaymentProgress payment}, the {@link TicketProgress ticket} and the
 * {@link DeliveryProgress delivery} have got, and whether a {@link Cancellation cancellation} is
 * pending. The order follows its ticket and its delivery: whatever the kitchen or the rider has
 * done, the saga moves the order after it, step by step, as soon as nothing holds the order (see
 * {@link #followTheKitchenAndTheRider}). A pending cancellation holds it: if the kitchen has
 * started cooking by the time the ticket is to be cancelled, the cancellation is refused and the
 * order catches up with everything the kitchen did meanwhile, as if nobody had asked. Every way
 * an order ends without being delivered goes through {@link #endWithoutACharge}: money taken is
 * refunded first, then the order is cancelled if its customer asked, else rejected.
 *
 * <p>Each {@link Step} builds the command it names from the saga's state; commands go out through
 * {@link CommandDispatch} (which retries technical failures and counts them); timeouts and stage
 * durations are {@link SagaTiming}'s.
 *
 * <table>
 * <caption>Steps and compensations</caption>
 * <tr><th>on</th><th>the saga sends</th><th>compensation / failure path</th></tr>
 * <tr><td>OrderPlaced</td><td>ProcessPayment</td><td></td></tr>
 * <tr><td>PaymentApproved</td><td>MarkOrderPaid</td><td>cancellation pending: ends without a charge (RefundPayment, then ConfirmOrderCancellation)</td></tr>
 * <tr><td>PaymentDeclined</td><td>ends without a charge: RejectOrder(PAYMENT_DECLINED)</td><td>cancellation pending: ConfirmOrderCancellation</td></tr>
 * <tr><td>PaymentUnavailable</td><td>MarkOrderPaymentRetrying (the first time), RetryPayment after a backoff deadline</td><td>attempts exhausted: ends without a charge, RejectOrder(PAYMENT_UNAVAILABLE); cancellation pending: ConfirmOrderCancellation</td></tr>
 * <tr><td>OrderPaid</td><td>CreateTicket, acceptance deadline</td><td>deadline: RejectTicket(ACCEPTANCE_TIMEOUT), unless a cancellation is pending</td></tr>
 * <tr><td>TicketAccepted</td><td>AcceptOrder (deadline cancelled)</td><td></td></tr>
 * <tr><td>TicketRejected</td><td>ends without a charge: RefundPayment, then RejectOrder(RESTAURANT_REJECTED, or ACCEPTANCE_TIMEOUT when the saga's timeout rejected it)</td><td>cancellation pending: ConfirmOrderCancellation after the refund</td></tr>
 * <tr><td>CookingStarted</td><td>MarkOrderCooking</td><td></td></tr>
 * <tr><td>CookingFinished</td><td>CreateDelivery, MarkOrderReadyForPickup, rider deadline</td><td>deadline: EscalateUnclaimedDelivery, again each period</td></tr>
 * <tr><td>DeliveryClaimed</td><td>(rider deadline cancelled)</td><td></td></tr>
 * <tr><td>DeliveryPickedUp</td><td>MarkOrderPickedUp</td><td></td></tr>
 * <tr><td>DeliveryCompleted</td><td>CompleteOrder; OrderDelivered ends the saga</td><td></td></tr>
 * <tr><td>OrderCancellationRequested</td><td>CancelTicket if a ticket is open; else ends without a charge (RefundPayment if paid, ConfirmOrderCancellation once nothing is charged, at once or when the payment's outcome or the refund under way comes in)</td><td>TicketCancellationRefused (cooking started): RejectOrderCancellation, then the order catches up with the kitchen</td></tr>
 * <tr><td>TicketCancelled</td><td>ends without a charge: RefundPayment if paid, then ConfirmOrderCancellation</td><td></td></tr>
 * <tr><td>any command fails</td><td>refused by a rule: recorded as a saga failure</td><td>technical failure: sent again after a backoff deadline (a step that moves the order along is decided afresh, a payment attempt whose outcome came in meanwhile is dropped); once the attempts run out, recorded as a saga failure, then a payment ends the order without a charge (PAYMENT_UNAVAILABLE) and any other step keeps being retried</td></tr>
 * <tr><td>a command loses a race</td><td>refused because the customer or the kitchen changed the aggregate first: recorded as a race, not a failure</td><td>the events that follow decide: a pending cancellation's outcome, the kitchen's answer</td></tr>
 * </table>
 *
 * <p>Registered by {@link SagaConfiguration#orderSagaRegistration}, not {@code @Saga}: its
 * repository locks a saga in every instance at once, not only in one JVM ({@link SagaRowLock}).
 * Stored as JSON; what earlier versions stored is read by {@link EarlierVersions}.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public class OrderSaga {

    static final String ORDER_ID = "orderId";
    static final String PAYMENT_ID = "paymentId";
    static final String TICKET_ID = "ticketId";
    static final String DELIVERY_ID = "deliveryId";

    static final String PAYMENT_RETRY_DEADLINE = "payment-retry";
    static final String ACCEPTANCE_DEADLINE = "ticket-acceptance";
    static final String RIDER_CLAIM_DEADLINE = "rider-claim";
    static final String COMMAND_RETRY_DEADLINE = "command-retry";

    static final String TIMEOUT_REASON = OrderReason.ACCEPTANCE_TIMEOUT.name();
    static final String CANCELLED_REASON = OrderReason.CUSTOMER_CANCELLED.name();

    /** The order's statuses on its way forward, in order; a pending cancellation is not one of them. */
    private static final List<OrderStatus> PROGRESS = List.of(OrderStatus.PAYMENT_PENDING, OrderStatus.PAYMENT_RETRYING,
            OrderStatus.PAID, OrderStatus.ACCEPTED, OrderStatus.COOKING, OrderStatus.READY_FOR_PICKUP,
            OrderStatus.PICKED_UP, OrderStatus.DELIVERED);

    @Inject
    private transient CommandGateway commandGateway;
    @Inject
    private transient DeadlineManager deadlineManager;
    @Inject
    private transient SagaSupport support;
    private transient SagaContext context;
    /** What an earlier version stored and today's saga keeps otherwise, until it is brought up to date. */
    private transient EarlierVersions earlier;

    // Fields that are not private are read by Step, to build its command, or set by EarlierVersions.

    /** The {@code sagaId} of its log lines: derived from the order (sagas saved before keep their random one). */
    private String sagaId;
    OrderId orderId;
    RestaurantId restaurantId;
    List<OrderLine> lines;
    Money total;
    String paymentToken;
    Address deliveryAddress;
    Address restaurantAddress;
    PaymentId paymentId;
    TicketId ticketId;
    DeliveryId deliveryId;
    RiderId riderId;

    /**
     * How far the order has got, as far as the saga knows (from the order's events and the
     * commands it saw succeed); a pending cancellation is kept apart in {@link #cancellation}.
     */
    private OrderStatus orderAt = OrderStatus.PAYMENT_PENDING;
    private PaymentProgress payment;
    TicketProgress kitchen = TicketProgress.NONE;
    DeliveryProgress delivery = DeliveryProgress.NONE;
    Cancellation cancellation = Cancellation.NONE;
    int paymentAttempts;
    /** Why the order is to be rejected, once something has made it fail. */
    OrderReason rejection;
    String refundReason;
    private int escalations;
    Duration waitingForRider;
    CommandDispatch commands = new CommandDispatch();
    SagaTiming timing = new SagaTiming();

    // --- payment -------------------------------------------------------------------------------

    @StartSaga
    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderPlacedEvent event, @Timestamp Instant at) {
        if (payment != null) {
            return;
        }
        orderId = event.orderId();
        sagaId = derivedId("saga", orderId);
        restaurantId = event.restaurantId();
        lines = event.lines();
        total = event.total();
        paymentToken = event.paymentToken();
        deliveryAddress = event.deliveryAddress();
        restaurantAddress = event.restaurantAddress();
        support.monitor().orderPlaced();
        commands.keepRetryIds();
        timing.placed(at);
        timing.started(Stage.PAYMENT, at);
        paymentId = new PaymentId(derivedId("payment", orderId));
        SagaLifecycle.associateWith(PAYMENT_ID, paymentId.value());
        payment = PaymentProgress.REQUESTED;
        send(Step.PROCESS_PAYMENT);
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentApprovedEvent event, @Timestamp Instant at) {
        if (!paymentSettled(PaymentProgress.APPROVED, at)) {
            return;
        }
        if (cancellation == Cancellation.REQUESTED) {
            endWithoutACharge();
        } else {
            send(Step.MARK_PAID);
        }
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentDeclinedEvent event, @Timestamp Instant at) {
        if (paymentSettled(PaymentProgress.DECLINED, at)) {
            rejection = OrderReason.PAYMENT_DECLINED;
            endWithoutACharge();
        }
    }

    /** The payment's outcome came in, unless it had already: the payment stage is over. */
    private boolean paymentSettled(PaymentProgress outcome, Instant at) {
        if (!payment.canMoveTo(outcome)) {
            return false;
        }
        timing.ended(context(), Stage.PAYMENT, at);
        timing.cancel(context(), Timeout.PAYMENT_RETRY);
        payment = outcome;
        return true;
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentUnavailableEvent event) {
        if (event.attempt() <= paymentAttempts || !payment.canMoveTo(PaymentProgress.UNAVAILABLE)) {
            return;
        }
        paymentAttempts = event.attempt();
        payment = PaymentProgress.UNAVAILABLE;
        SagaProperties.Backoff retry = support.properties().paymentRetry();
        if (cancellation == Cancellation.REQUESTED) {
            endWithoutACharge();
        } else if (paymentAttempts >= retry.maxAttempts()) {
            rejection = OrderReason.PAYMENT_UNAVAILABLE;
            endWithoutACharge();
        } else {
            if (paymentAttempts == 1) {
                send(Step.MARK_PAYMENT_RETRYING);
            }
            timing.schedule(context(), Timeout.PAYMENT_RETRY, retry.delayAfter(paymentAttempts));
        }
    }

    @DeadlineHandler(deadlineName = PAYMENT_RETRY_DEADLINE)
    void paymentRetryDue(OrderId order) {
        timing.expired(Timeout.PAYMENT_RETRY);
        if (payment == PaymentProgress.UNAVAILABLE && cancellation == Cancellation.NONE) {
            payment = PaymentProgress.REQUESTED;
            send(Step.RETRY_PAYMENT);
        }
    }

    // --- kitchen -------------------------------------------------------------------------------

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderPaidEvent event, @Timestamp Instant at) {
        if (ticketId != null) {
            return;
        }
        advanceOrder(OrderStatus.PAID);
        timing.started(Stage.ACCEPTANCE, at);
        ticketId = new TicketId(derivedId("ticket", orderId));
        SagaLifecycle.associateWith(TICKET_ID, ticketId.value());
        kitchen = TicketProgress.AWAITING_ACCEPTANCE;
        send(Step.CREATE_TICKET);
        timing.schedule(context(), Timeout.ACCEPTANCE, support.properties().acceptanceTimeout());
    }

    @DeadlineHandler(deadlineName = ACCEPTANCE_DEADLINE)
    void acceptanceDue(OrderId order) {
        timing.expired(Timeout.ACCEPTANCE);
        if (kitchen == TicketProgress.AWAITING_ACCEPTANCE && cancellation == Cancellation.NONE) {
            kitchen = TicketProgress.TIMING_OUT;
            if (send(Step.TIME_OUT_TICKET) == Outcome.LOST_A_RACE) {
                // The kitchen answered first; its own event follows.
                kitchen = TicketProgress.AWAITING_ACCEPTANCE;
            }
        }
    }

    @SagaEventHandler(associationProperty = TICKET_ID)
    void on(TicketAcceptedEvent event, @Timestamp Instant at) {
        ticketMoved(TicketProgress.ACCEPTED, at);
    }

    @SagaEventHandler(associationProperty = TICKET_ID)
    void on(TicketRejectedEvent event) {
        if (kitchen.canMoveTo(TicketProgress.REJECTED)) {
            rejection = kitchen == TicketProgress.TIMING_OUT ? OrderReason.ACCEPTANCE_TIMEOUT : OrderReason.RESTAURANT_REJECTED;
            kitchen = TicketProgress.REJECTED;
            timing.cancel(context(), Timeout.ACCEPTANCE);
            endWithoutACharge();
        }
    }

    @SagaEventHandler(associationProperty = TICKET_ID)
    void on(CookingStartedEvent event, @Timestamp Instant at) {
        ticketMoved(TicketProgress.COOKING, at);
    }

    @SagaEventHandler(associationProperty = TICKET_ID)
    void on(CookingFinishedEvent event, @Timestamp Instant at) {
        ticketMoved(TicketProgress.READY, at);
    }

    /** The kitchen moved the ticket on, unless the saga knew already: the clocks, then the order follows. */
    private void ticketMoved(TicketProgress next, Instant at) {
        if (kitchen.canMoveTo(next)) {
            kitchen = next;
            timing.reached(context(), next, at);
            followTheKitchenAndTheRider();
        }
    }

    // --- delivery ------------------------------------------------------------------------------

    private void createDelivery() {
        deliveryId = new DeliveryId(derivedId("delivery", orderId));
        SagaLifecycle.associateWith(DELIVERY_ID, deliveryId.value());
        delivery = DeliveryProgress.AWAITING_RIDER;
        send(Step.CREATE_DELIVERY);
        timing.schedule(context(), Timeout.RIDER_CLAIM, support.properties().riderClaimTimeout());
    }

    @DeadlineHandler(deadlineName = RIDER_CLAIM_DEADLINE)
    void riderClaimDue(OrderId order) {
        timing.expired(Timeout.RIDER_CLAIM);
        if (delivery == DeliveryProgress.AWAITING_RIDER) {
            escalations++;
            waitingForRider = support.properties().riderClaimTimeout().multipliedBy(escalations);
            support.monitor().escalation(orderId, sagaId, escalations);
            send(Step.ESCALATE_DELIVERY);
            timing.schedule(context(), Timeout.RIDER_CLAIM, support.properties().riderClaimTimeout());
        }
    }

    @SagaEventHandler(associationProperty = DELIVERY_ID)
    void on(DeliveryClaimedEvent event, @Timestamp Instant at) {
        deliveryMoved(DeliveryProgress.CLAIMED, event.riderId(), at);
    }

    @SagaEventHandler(associationProperty = DELIVERY_ID)
    void on(DeliveryPickedUpEvent event, @Timestamp Instant at) {
        deliveryMoved(DeliveryProgress.PICKED_UP, event.riderId(), at);
    }

    @SagaEventHandler(associationProperty = DELIVERY_ID)
    void on(DeliveryCompletedEvent event, @Timestamp Instant at) {
        deliveryMoved(DeliveryProgress.DELIVERED, riderId, at);
    }

    /**
     * The rider moved the delivery on, unless the saga knew already: the clocks, then the order
     * follows (a claim alone does not move the order).
     */
    private void deliveryMoved(DeliveryProgress next, RiderId rider, Instant at) {
        if (delivery.canMoveTo(next)) {
            delivery = next;
            riderId = rider;
            timing.reached(context(), next, at);
            if (next != DeliveryProgress.CLAIMED) {
                followTheKitchenAndTheRider();
            }
        }
    }

    // --- the order follows its ticket and its delivery -----------------------------------------

    /**
     * Moves the order along behind its ticket and its delivery, one {@link Step#following step}
     * after the other, as far as they have got, creating the delivery when the food is ready.
     * While a cancellation is pending the order stands still; when the cancellation is refused
     * this picks up whatever the kitchen did meanwhile, several steps if need be. A step the order
     * refuses leaves the order where it is until the order's next event says where it stands (see
     * {@link Step#racesWithTheOrder}).
     */
    private void followTheKitchenAndTheRider() {
        Step next;
        while (cancellation == Cancellation.NONE && (next = Step.following(orderAt, kitchen, delivery)) != null) {
            if (next == Step.MARK_READY && deliveryId == null) {
                createDelivery();
            }
            if (send(next) != Outcome.DONE) {
                return;
            }
            advanceOrder(next.movesTheOrderTo());
        }
    }

    /**
     * The order only moves forward; an event or a command seen late never takes it back.
     *
     * @return whether the saga learnt something new
     */
    boolean advanceOrder(OrderStatus status) {
        if (PROGRESS.indexOf(status) <= PROGRESS.indexOf(orderAt)) {
            return false;
        }
        orderAt = status;
        return true;
    }

    // The order's own events: usually the saga knew already (its command succeeded), but after a
    // crash, or a step the order refused in a race, this is how the saga learns where it stands.

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderAcceptedEvent event) {
        orderMoved(OrderStatus.ACCEPTED);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderCookingStartedEvent event) {
        orderMoved(OrderStatus.COOKING);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderMarkedReadyForPickupEvent event) {
        orderMoved(OrderStatus.READY_FOR_PICKUP);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderPickedUpEvent event) {
        orderMoved(OrderStatus.PICKED_UP);
    }

    private void orderMoved(OrderStatus status) {
        if (advanceOrder(status)) {
            followTheKitchenAndTheRider();
        }
    }

    // --- cancellation, and the end without a charge ---------------------------------------------

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderCancellationRequestedEvent event) {
        if (cancellation == Cancellation.REQUESTED) {
            return;
        }
        cancellation = Cancellation.REQUESTED;
        advanceOrder(event.previousStatus());
        if (kitchen.isOpen()) {
            send(Step.CANCEL_TICKET);
        } else {
            endWithoutACharge();
        }
    }

    @SagaEventHandler(associationProperty = TICKET_ID)
    void on(TicketCancelledEvent event) {
        if (kitchen.canMoveTo(TicketProgress.CANCELLED)) {
            kitchen = TicketProgress.CANCELLED;
            timing.cancel(context(), Timeout.ACCEPTANCE);
            support.monitor().compensation(orderId, sagaId, Step.CANCEL_TICKET, CANCELLED_REASON);
            endWithoutACharge();
        }
    }

    /**
     * The kitchen had started cooking: the cancellation is refused, the order goes back to where
     * it was and then catches up with everything the kitchen (and maybe a rider) did meanwhile.
     */
    @SagaEventHandler(associationProperty = TICKET_ID)
    void on(TicketCancellationRefusedEvent event) {
        if (cancellation == Cancellation.REQUESTED && send(Step.REJECT_CANCELLATION) == Outcome.DONE) {
            cancellation = Cancellation.NONE;
            followTheKitchenAndTheRider();
        }
    }

    /** The same, learnt from the order itself (after a crash, or when the saga's command came too late). */
    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderCancellationRejectedEvent event) {
        if (cancellation == Cancellation.REQUESTED) {
            cancellation = Cancellation.NONE;
            advanceOrder(event.restoredStatus());
            followTheKitchenAndTheRider();
        }
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentRefundedEvent event) {
        if (payment.canMoveTo(PaymentProgress.REFUNDED)) {
            payment = PaymentProgress.REFUNDED;
            support.monitor().compensation(orderId, sagaId, Step.REFUND, refundReason);
            endWithoutACharge();
        }
    }

    /**
     * The one way an order ends other than delivered. Money taken is refunded first (this is
     * called again when the refund is done); while a payment's outcome or a refund is under way,
     * that outcome calls this again. Once nothing is charged the order is cancelled if its
     * customer asked, else rejected for {@link #rejection}; a rejection of an order that was never
     * charged is itself the compensation, and is counted as one.
     */
    private void endWithoutACharge() {
        switch (payment) {
            case APPROVED -> {
                payment = PaymentProgress.REFUNDING;
                refundReason = cancellation == Cancellation.REQUESTED ? CANCELLED_REASON : rejection.name();
                send(Step.REFUND);
            }
            case REQUESTED, REFUNDING -> {
                // The payment's outcome, or the refund's, comes back here.
            }
            case UNAVAILABLE, DECLINED, REFUNDED -> {
                timing.cancel(context(), Timeout.PAYMENT_RETRY);
                if (cancellation == Cancellation.REQUESTED) {
                    send(Step.CONFIRM_CANCELLATION);
                } else {
                    if (payment != PaymentProgress.REFUNDED) {
                        support.monitor().compensation(orderId, sagaId, Step.REJECT_ORDER, rejection.name());
                    }
                    send(Step.REJECT_ORDER);
                }
            }
        }
    }

    // --- the end -------------------------------------------------------------------------------

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderDeliveredEvent event, @Timestamp Instant at) {
        finish(OrderStatus.DELIVERED, null, at);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderCancelledEvent event, @Timestamp Instant at) {
        finish(OrderStatus.CANCELLED, event.reason(), at);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderRejectedEvent event, @Timestamp Instant at) {
        finish(OrderStatus.REJECTED, event.reason(), at);
    }

    private void finish(OrderStatus outcome, OrderReason reason, Instant at) {
        support.monitor().orderEnded(outcome, reason, timing.sincePlacement(at));
        timing.cancelTimeouts(context());
        commands.cancelRetries(context());
        SagaLifecycle.end();
    }

    // --- sending commands ----------------------------------------------------------------------

    private Outcome send(Step step) {
        Outcome outcome = commands.send(context(), step, step.command(this));
        if (outcome == Outcome.GAVE_UP) {
            // The payment could not even be attempted: nothing was charged.
            payment = PaymentProgress.DECLINED;
            rejection = OrderReason.PAYMENT_UNAVAILABLE;
            endWithoutACharge();
        }
        return outcome;
    }

    /** A command that failed for a technical reason is due again (see {@link CommandDispatch}). */
    @DeadlineHandler(deadlineName = COMMAND_RETRY_DEADLINE)
    void commandRetryDue(Step failed) {
        commands.retryDue(failed);
        if (failed.movesTheOrderAlong()) {
            // Where the order goes next may have changed since (a cancellation, say): ask again.
            followTheKitchenAndTheRider();
        } else if (failed.isPaymentAttempt() && payment != PaymentProgress.REQUESTED) {
            // The attempt's outcome came in meanwhile (the gateway was unavailable, say, and the
            // customer has cancelled since): sending it again could charge an order that is over.
            return;
        } else {
            send(failed);
        }
    }

    /** A retry scheduled by an earlier version, with a payload of its time ({@link EarlierVersions#retried}). */
    @DeadlineHandler(deadlineName = COMMAND_RETRY_DEADLINE)
    void commandRetryDue(Object failed) {
        commandRetryDue(EarlierVersions.retried(failed));
    }

    /** Built once per loaded saga, after the order is known: its collaborators' view of it. */
    private SagaContext context() {
        if (context == null) {
            context = new SagaContext(orderId, sagaId, commandGateway, deadlineManager, support);
        }
        return context;
    }

    /** Ids of what the saga creates derive from the order, so a repeated create is refused, not doubled. */
    static String derivedId(String kind, OrderId orderId) {
        return Ids.derived(kind, orderId.value());
    }

    // --- sagas saved by earlier versions -------------------------------------------------------

    /** A property that only earlier versions stored: kept until the saga has been read whole. */
    @JsonAnySetter
    private void readSavedByAnEarlierVersion(String property, Object value) {
        if (earlier == null) {
            earlier = new EarlierVersions();
        }
        earlier.read(property, value);
    }

    /** Before anything else it handles, a saga saved by an earlier version is brought up to date. */
    @MessageHandlerInterceptor
    void upgradeWhatAnEarlierVersionSaved() {
        if (earlier != null) {
            earlier.upgrade(this);
            earlier = null;
        }
    }
}
