package io.baedal.saga;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonSetter;
import io.baedal.coreapi.common.Address;
import io.baedal.coreapi.common.Ids;
import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.delivery.CreateDeliveryCommand;
import io.baedal.coreapi.delivery.DeliveryClaimedEvent;
import io.baedal.coreapi.delivery.DeliveryCompletedEvent;
import io.baedal.coreapi.delivery.DeliveryId;
import io.baedal.coreapi.delivery.DeliveryPickedUpEvent;
import io.baedal.coreapi.delivery.EscalateUnclaimedDeliveryCommand;
import io.baedal.coreapi.delivery.RiderId;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.kitchen.CancelTicketCommand;
import io.baedal.coreapi.kitchen.CookingFinishedEvent;
import io.baedal.coreapi.kitchen.CookingStartedEvent;
import io.baedal.coreapi.kitchen.CreateTicketCommand;
import io.baedal.coreapi.kitchen.RejectTicketCommand;
import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.kitchen.TicketAcceptedEvent;
import io.baedal.coreapi.kitchen.TicketCancellationRefusedEvent;
import io.baedal.coreapi.kitchen.TicketCancelledEvent;
import io.baedal.coreapi.kitchen.TicketId;
import io.baedal.coreapi.kitchen.TicketLine;
import io.baedal.coreapi.kitchen.TicketRejectedEvent;
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
import io.baedal.coreapi.order.OrderCookingEvent;
import io.baedal.coreapi.order.OrderDeliveredEvent;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderLine;
import io.baedal.coreapi.order.OrderPaidEvent;
import io.baedal.coreapi.order.OrderPickedUpEvent;
import io.baedal.coreapi.order.OrderPlacedEvent;
import io.baedal.coreapi.order.OrderReadyForPickupEvent;
import io.baedal.coreapi.order.OrderReason;
import io.baedal.coreapi.order.OrderRejectedEvent;
import io.baedal.coreapi.order.OrderStatus;
import io.baedal.coreapi.order.RejectOrderCancellationCommand;
import io.baedal.coreapi.order.RejectOrderCommand;
import io.baedal.coreapi.payment.PaymentApprovedEvent;
import io.baedal.coreapi.payment.PaymentDeclinedEvent;
import io.baedal.coreapi.payment.PaymentId;
import io.baedal.coreapi.payment.PaymentRefundedEvent;
import io.baedal.coreapi.payment.PaymentUnavailableEvent;
import io.baedal.coreapi.payment.ProcessPaymentCommand;
import io.baedal.coreapi.payment.RefundPaymentCommand;
import io.baedal.coreapi.payment.RetryPaymentCommand;
import io.baedal.saga.CommandDispatch.Outcome;
import io.baedal.saga.SagaTiming.Stage;
import io.baedal.saga.SagaTiming.Timeout;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
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
 * <p>Commands go out through {@link CommandDispatch} (which retries technical failures and counts
 * them), timeouts and stage durations are {@link SagaTiming}'s.
 *
 * <table>
 * <caption>Steps and compensations</caption>
 * <tr><th>on</th><th>the saga sends</th><th>compensation / failure path</th></tr>
 * <tr><td>OrderPlaced</td><td>ProcessPayment</td><td></td></tr>
 * <tr><td>PaymentApproved</td><td>MarkOrderPaid</td><td>cancellation pending: ends without a charge (RefundPayment, then ConfirmOrderCancellation)</td></tr>
 * <tr><td>PaymentDeclined</td><td>ends without a charge: RejectOrder(PAYMENT_DECLINED)</td><td>cancellation pending: ConfirmOrderCancellation</td></tr>
 * <tr><td>PaymentUnavailable</td><td>MarkOrderPaymentRetrying, RetryPayment after a backoff deadline</td><td>attempts exhausted: ends without a charge, RejectOrder(PAYMENT_UNAVAILABLE); cancellation pending: ConfirmOrderCancellation</td></tr>
 * <tr><td>OrderPaid</td><td>CreateTicket, acceptance deadline</td><td>deadline: RejectTicket(ACCEPTANCE_TIMEOUT), unless a cancellation is pending</td></tr>
 * <tr><td>TicketAccepted</td><td>AcceptOrder (deadline cancelled)</td><td></td></tr>
 * <tr><td>TicketRejected</td><td>ends without a charge: RefundPayment, then RejectOrder(RESTAURANT_REJECTED, or ACCEPTANCE_TIMEOUT when the saga's timeout rejected it)</td><td>cancellation pending: ConfirmOrderCancellation after the refund</td></tr>
 * <tr><td>CookingStarted</td><td>MarkOrderCooking</td><td></td></tr>
 * <tr><td>CookingFinished</td><td>CreateDelivery, MarkOrderReadyForPickup, rider deadline</td><td>deadline: EscalateUnclaimedDelivery, again each period</td></tr>
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
 * Stored as JSON; what earlier versions stored is read at the end of this class.
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

    /** Every command the saga sends, named, so a failed one can be sent again from the saga's state. */
    public enum Step {
        PROCESS_PAYMENT, RETRY_PAYMENT, MARK_PAYMENT_RETRYING, MARK_PAID, CREATE_TICKET, ACCEPT_ORDER,
        TIME_OUT_TICKET, CANCEL_TICKET, MARK_COOKING, CREATE_DELIVERY, MARK_READY, ESCALATE_DELIVERY,
        MARK_PICKED_UP, COMPLETE_ORDER, REFUND, REJECT_ORDER, CONFIRM_CANCELLATION, REJECT_CANCELLATION;

        /** The steps by which the order follows its ticket and its delivery. */
        private static final Set<Step> MOVES_THE_ORDER_ALONG = EnumSet.of(ACCEPT_ORDER, MARK_COOKING, MARK_READY,
                MARK_PICKED_UP, COMPLETE_ORDER);
        /** Order commands that a pending cancellation makes the order refuse until it is resolved. */
        private static final Set<Step> HELD_BY_A_CANCELLATION = EnumSet.of(MARK_PAID, MARK_PAYMENT_RETRYING,
                REJECT_ORDER);

        boolean movesTheOrderAlong() {
            return MOVES_THE_ORDER_ALONG.contains(this);
        }

        boolean isPaymentAttempt() {
            return this == PROCESS_PAYMENT || this == RETRY_PAYMENT;
        }

        boolean isCreation() {
            return this == PROCESS_PAYMENT || this == CREATE_TICKET || this == CREATE_DELIVERY;
        }

        /**
         * Whether the refusal means another actor changed the aggregate before this command reached
         * it. The order refuses to move on or to be rejected while its customer's cancellation is
         * pending: the cancellation's outcome takes it from there (a refused cancellation catches
         * the order up with the kitchen, a confirmed one ends it). The kitchen refuses a timeout
         * it has answered in time, and a cancellation of a ticket it rejected: its own event
         * (accepted, rejected) says what happens next.
         */
        boolean racesWithTheOrder(ErrorCode code) {
            return switch (code) {
                case ILLEGAL_ORDER_STATE -> HELD_BY_A_CANCELLATION.contains(this) || movesTheOrderAlong();
                case ILLEGAL_TICKET_STATE -> this == TIME_OUT_TICKET || this == CANCEL_TICKET;
                default -> false;
            };
        }
    }

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

    /** The {@code sagaId} of its log lines: derived from the order (sagas saved before keep their random one). */
    private String sagaId;
    private OrderId orderId;
    private RestaurantId restaurantId;
    private List<OrderLine> lines;
    private Money total;
    private String paymentToken;
    private Address deliveryAddress;
    private Address restaurantAddress;
    private PaymentId paymentId;
    private TicketId ticketId;
    private DeliveryId deliveryId;
    private RiderId riderId;

    /**
     * How far the order has got, as far as the saga knows (from the order's events and the
     * commands it saw succeed); a pending cancellation is kept apart in {@link #cancellation}.
     */
    private OrderStatus orderAt = OrderStatus.PAYMENT_PENDING;
    private PaymentProgress payment;
    private TicketProgress kitchen = TicketProgress.NONE;
    private DeliveryProgress delivery = DeliveryProgress.NONE;
    private Cancellation cancellation = Cancellation.NONE;
    private int paymentAttempts;
    /** Why the order is to be rejected, once something has made it fail. */
    private OrderReason rejection;
    private String refundReason;
    private int escalations;
    private Duration waitingForRider;
    private CommandDispatch commands = new CommandDispatch();
    private SagaTiming timing = new SagaTiming();

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
        timing.placed(at);
        timing.started(Stage.PAYMENT, at);
        paymentId = new PaymentId(derivedId("payment", orderId));
        SagaLifecycle.associateWith(PAYMENT_ID, paymentId.value());
        payment = PaymentProgress.REQUESTED;
        send(Step.PROCESS_PAYMENT);
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentApprovedEvent event, @Timestamp Instant at) {
        if (!payment.awaitsOutcome()) {
            return;
        }
        timing.ended(context(), Stage.PAYMENT, at);
        timing.cancel(context(), Timeout.PAYMENT_RETRY);
        payment = PaymentProgress.APPROVED;
        if (cancellation == Cancellation.REQUESTED) {
            endWithoutACharge();
        } else {
            send(Step.MARK_PAID);
        }
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentDeclinedEvent event, @Timestamp Instant at) {
        if (!payment.awaitsOutcome()) {
            return;
        }
        timing.ended(context(), Stage.PAYMENT, at);
        payment = PaymentProgress.DECLINED;
        rejection = OrderReason.PAYMENT_DECLINED;
        endWithoutACharge();
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentUnavailableEvent event) {
        if (event.attempt() <= paymentAttempts || payment != PaymentProgress.REQUESTED) {
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
        if (payment != PaymentProgress.UNAVAILABLE || cancellation == Cancellation.REQUESTED) {
            return;
        }
        payment = PaymentProgress.REQUESTED;
        send(Step.RETRY_PAYMENT);
    }

    /** The payment could not even be attempted ({@link Outcome#GAVE_UP}): nothing was charged. */
    private void paymentImpossible() {
        payment = PaymentProgress.DECLINED;
        rejection = OrderReason.PAYMENT_UNAVAILABLE;
        endWithoutACharge();
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
        if (kitchen != TicketProgress.AWAITING_ACCEPTANCE || cancellation == Cancellation.REQUESTED) {
            return;
        }
        kitchen = TicketProgress.TIMING_OUT;
        if (send(Step.TIME_OUT_TICKET) == Outcome.LOST_A_RACE) {
            // The kitchen answered first; its own event follows.
            kitchen = TicketProgress.AWAITING_ACCEPTANCE;
        }
    }

    @SagaEventHandler(associationProperty = TICKET_ID)
    void on(TicketAcceptedEvent event, @Timestamp Instant at) {
        if (!kitchen.awaitsAcceptance()) {
            return;
        }
        timing.ended(context(), Stage.ACCEPTANCE, at);
        timing.cancel(context(), Timeout.ACCEPTANCE);
        kitchen = TicketProgress.ACCEPTED;
        followTheKitchenAndTheRider();
    }

    @SagaEventHandler(associationProperty = TICKET_ID)
    void on(TicketRejectedEvent event) {
        if (!kitchen.awaitsAcceptance()) {
            return;
        }
        rejection = kitchen == TicketProgress.TIMING_OUT ? OrderReason.ACCEPTANCE_TIMEOUT : OrderReason.RESTAURANT_REJECTED;
        kitchen = TicketProgress.REJECTED;
        timing.cancel(context(), Timeout.ACCEPTANCE);
        endWithoutACharge();
    }

    @SagaEventHandler(associationProperty = TICKET_ID)
    void on(CookingStartedEvent event, @Timestamp Instant at) {
        if (kitchen != TicketProgress.ACCEPTED) {
            return;
        }
        timing.started(Stage.COOKING, at);
        kitchen = TicketProgress.COOKING;
        followTheKitchenAndTheRider();
    }

    @SagaEventHandler(associationProperty = TICKET_ID)
    void on(CookingFinishedEvent event, @Timestamp Instant at) {
        if (kitchen != TicketProgress.COOKING) {
            return;
        }
        timing.ended(context(), Stage.COOKING, at);
        timing.started(Stage.RIDER_CLAIM, at);
        kitchen = TicketProgress.READY;
        followTheKitchenAndTheRider();
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
        if (delivery != DeliveryProgress.AWAITING_RIDER) {
            return;
        }
        escalations++;
        waitingForRider = support.properties().riderClaimTimeout().multipliedBy(escalations);
        support.monitor().escalation(orderId, sagaId, escalations);
        send(Step.ESCALATE_DELIVERY);
        timing.schedule(context(), Timeout.RIDER_CLAIM, support.properties().riderClaimTimeout());
    }

    @SagaEventHandler(associationProperty = DELIVERY_ID)
    void on(DeliveryClaimedEvent event, @Timestamp Instant at) {
        if (delivery.reached(DeliveryProgress.CLAIMED)) {
            return;
        }
        timing.ended(context(), Stage.RIDER_CLAIM, at);
        timing.cancel(context(), Timeout.RIDER_CLAIM);
        riderId = event.riderId();
        delivery = DeliveryProgress.CLAIMED;
    }

    @SagaEventHandler(associationProperty = DELIVERY_ID)
    void on(DeliveryPickedUpEvent event, @Timestamp Instant at) {
        if (delivery.reached(DeliveryProgress.PICKED_UP)) {
            return;
        }
        timing.started(Stage.DELIVERY, at);
        riderId = event.riderId();
        delivery = DeliveryProgress.PICKED_UP;
        followTheKitchenAndTheRider();
    }

    @SagaEventHandler(associationProperty = DELIVERY_ID)
    void on(DeliveryCompletedEvent event, @Timestamp Instant at) {
        if (delivery.reached(DeliveryProgress.DELIVERED)) {
            return;
        }
        timing.ended(context(), Stage.DELIVERY, at);
        delivery = DeliveryProgress.DELIVERED;
        followTheKitchenAndTheRider();
    }

    // --- the order follows its ticket and its delivery -----------------------------------------

    /**
     * Moves the order along behind its ticket and its delivery, one step after the other, as far
     * as they have got: the order is accepted once the ticket is, cooking once the ticket is, ready
     * for pickup (with a delivery created) once the food is, picked up and delivered once the rider
     * says so. While a cancellation is pending the order stands still; when the cancellation is
     * refused this picks up whatever the kitchen did meanwhile, several steps if need be. A step
     * the order refuses leaves the order where it is until the order's next event says where it
     * stands (see {@link Step#racesWithTheOrder}).
     */
    private void followTheKitchenAndTheRider() {
        upgradeSavedState();
        Step next;
        while (cancellation == Cancellation.NONE && (next = nextStepBehindTheKitchenOrTheRider()) != null) {
            if (next == Step.MARK_READY && deliveryId == null) {
                createDelivery();
            }
            if (send(next) != Outcome.DONE) {
                return;
            }
            advanceOrder(statusAfter(next));
        }
    }

    private Step nextStepBehindTheKitchenOrTheRider() {
        return switch (orderAt) {
            case PAID -> kitchen.reached(TicketProgress.ACCEPTED) ? Step.ACCEPT_ORDER : null;
            case ACCEPTED -> kitchen.reached(TicketProgress.COOKING) ? Step.MARK_COOKING : null;
            case COOKING -> kitchen.reached(TicketProgress.READY) ? Step.MARK_READY : null;
            case READY_FOR_PICKUP -> delivery.reached(DeliveryProgress.PICKED_UP) ? Step.MARK_PICKED_UP : null;
            case PICKED_UP -> delivery.reached(DeliveryProgress.DELIVERED) ? Step.COMPLETE_ORDER : null;
            default -> null;
        };
    }

    private static OrderStatus statusAfter(Step step) {
        return switch (step) {
            case ACCEPT_ORDER -> OrderStatus.ACCEPTED;
            case MARK_COOKING -> OrderStatus.COOKING;
            case MARK_READY -> OrderStatus.READY_FOR_PICKUP;
            case MARK_PICKED_UP -> OrderStatus.PICKED_UP;
            case COMPLETE_ORDER -> OrderStatus.DELIVERED;
            default -> throw new IllegalArgumentException(step + " does not move the order along");
        };
    }

    /**
     * The order only moves forward; an event or a command seen late never takes it back.
     *
     * @return whether the saga learnt something new
     */
    private boolean advanceOrder(OrderStatus status) {
        if (PROGRESS.indexOf(status) <= PROGRESS.indexOf(orderAt)) {
            return false;
        }
        orderAt = status;
        return true;
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderAcceptedEvent event) {
        orderMoved(OrderStatus.ACCEPTED);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderCookingEvent event) {
        orderMoved(OrderStatus.COOKING);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderReadyForPickupEvent event) {
        orderMoved(OrderStatus.READY_FOR_PICKUP);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderPickedUpEvent event) {
        orderMoved(OrderStatus.PICKED_UP);
    }

    /**
     * The order's own event: usually the saga knew already (its command succeeded), but after a
     * crash, or a step the order refused in a race, this is how the saga learns where it stands.
     */
    private void orderMoved(OrderStatus status) {
        upgradeSavedState();
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
        if (kitchen == TicketProgress.CANCELLED) {
            return;
        }
        kitchen = TicketProgress.CANCELLED;
        timing.cancel(context(), Timeout.ACCEPTANCE);
        support.monitor().compensation(orderId, sagaId, Step.CANCEL_TICKET, CANCELLED_REASON);
        endWithoutACharge();
    }

    /**
     * The kitchen had started cooking: the cancellation is refused, the order goes back to where
     * it was and then catches up with everything the kitchen (and maybe a rider) did meanwhile.
     */
    @SagaEventHandler(associationProperty = TICKET_ID)
    void on(TicketCancellationRefusedEvent event) {
        if (cancellation != Cancellation.REQUESTED) {
            return;
        }
        if (send(Step.REJECT_CANCELLATION) == Outcome.DONE) {
            cancellation = Cancellation.NONE;
            followTheKitchenAndTheRider();
        }
    }

    /** The same, learnt from the order itself (after a crash, or when the saga's command came too late). */
    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderCancellationRejectedEvent event) {
        if (cancellation != Cancellation.REQUESTED) {
            return;
        }
        cancellation = Cancellation.NONE;
        advanceOrder(event.restoredStatus());
        followTheKitchenAndTheRider();
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentRefundedEvent event) {
        if (payment == PaymentProgress.REFUNDED) {
            return;
        }
        payment = PaymentProgress.REFUNDED;
        support.monitor().compensation(orderId, sagaId, Step.REFUND, refundReason);
        endWithoutACharge();
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
        timing.cancelEverything(context());
        SagaLifecycle.end();
    }

    // --- sending commands ----------------------------------------------------------------------

    private Outcome send(Step step) {
        Outcome outcome = commands.send(context(), step, commandFor(step));
        if (outcome == Outcome.GAVE_UP) {
            paymentImpossible();
        }
        return outcome;
    }

    /** A command that failed for a technical reason is due again (see {@link CommandDispatch}). */
    @DeadlineHandler(deadlineName = COMMAND_RETRY_DEADLINE)
    void commandRetryDue(Step failed) {
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

    /** A retry scheduled by an earlier version, whose payload was the step's name. */
    @DeadlineHandler(deadlineName = COMMAND_RETRY_DEADLINE)
    void commandRetryDue(String failed) {
        commandRetryDue(Step.valueOf(failed));
    }

    private Object commandFor(Step step) {
        return switch (step) {
            case PROCESS_PAYMENT -> new ProcessPaymentCommand(paymentId, orderId, total, paymentToken);
            case RETRY_PAYMENT -> new RetryPaymentCommand(paymentId);
            case MARK_PAYMENT_RETRYING -> new MarkOrderPaymentRetryingCommand(orderId, paymentId, paymentAttempts);
            case MARK_PAID -> new MarkOrderPaidCommand(orderId, paymentId);
            case CREATE_TICKET -> new CreateTicketCommand(ticketId, orderId, restaurantId, lines.stream()
                    .map(line -> new TicketLine(line.menuItemId(), line.name(), line.quantity()))
                    .toList());
            case ACCEPT_ORDER -> new AcceptOrderCommand(orderId, ticketId);
            case TIME_OUT_TICKET -> new RejectTicketCommand(ticketId, TIMEOUT_REASON);
            case CANCEL_TICKET -> new CancelTicketCommand(ticketId, CANCELLED_REASON);
            case MARK_COOKING -> new MarkOrderCookingCommand(orderId);
            case CREATE_DELIVERY -> new CreateDeliveryCommand(deliveryId, orderId, restaurantAddress.zone(),
                    restaurantAddress, deliveryAddress);
            case MARK_READY -> new MarkOrderReadyForPickupCommand(orderId, deliveryId);
            case ESCALATE_DELIVERY -> new EscalateUnclaimedDeliveryCommand(deliveryId, waitingForRider);
            case MARK_PICKED_UP -> new MarkOrderPickedUpCommand(orderId, riderId);
            case COMPLETE_ORDER -> new CompleteOrderCommand(orderId);
            case REFUND -> new RefundPaymentCommand(paymentId, refundReason);
            case REJECT_ORDER -> new RejectOrderCommand(orderId, rejection);
            case CONFIRM_CANCELLATION -> new ConfirmOrderCancellationCommand(orderId);
            case REJECT_CANCELLATION -> new RejectOrderCancellationCommand(orderId);
        };
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
    // Read in any order: what each property stands for is only ever raised, never lowered.

    private transient boolean savedByAnOlderVersion;
    private transient boolean savedOrderPaid;
    private transient boolean savedOrderCooking;
    private transient boolean savedAcceptanceTimedOut;

    /**
     * A property that only earlier versions stored: the pending cancellation and the delivery's
     * progress were flags, a timed-out ticket was one awaiting acceptance with a flag set, and the
     * dispatch's and the timing's state were fields of the saga.
     */
    @JsonAnySetter
    @SuppressWarnings("unchecked")
    private void readSavedByAnEarlierVersion(String property, Object value) {
        boolean set = Boolean.TRUE.equals(value);
        switch (property) {
            case "orderPaid" -> savedOrderAt(set, savedOrderCooking);
            case "orderCooking" -> savedOrderAt(savedOrderPaid, set);
            case "cancelRequested" -> cancellation = set ? Cancellation.REQUESTED : Cancellation.NONE;
            case "acceptanceTimedOut" -> {
                savedAcceptanceTimedOut = set;
                readKitchen(kitchen);
            }
            case "pickedUp" -> delivery = set ? delivery.atLeast(DeliveryProgress.PICKED_UP) : delivery;
            case "delivered" -> delivery = set ? delivery.atLeast(DeliveryProgress.DELIVERED) : delivery;
            case "technicalFailures" -> ((Map<String, Integer>) value)
                    .forEach((step, failures) -> commands.restore(Step.valueOf(step), failures));
            case "placedAt" -> timing.restorePlacedAt(Instant.parse((String) value));
            case "stepStartedAt" -> ((Map<String, String>) value)
                    .forEach((stage, at) -> timing.restoreStarted(stage, Instant.parse(at)));
            case "paymentRetryDeadline" -> timing.restoreScheduled(Timeout.PAYMENT_RETRY, (String) value);
            case "acceptanceDeadline" -> timing.restoreScheduled(Timeout.ACCEPTANCE, (String) value);
            case "riderDeadline" -> timing.restoreScheduled(Timeout.RIDER_CLAIM, (String) value);
            default -> throw new IllegalStateException("A saved OrderSaga has a property no version had: " + property);
        }
    }

    private void savedOrderAt(boolean paid, boolean cooking) {
        savedByAnOlderVersion = true;
        savedOrderPaid = paid;
        savedOrderCooking = cooking;
    }

    /**
     * A saga saved by the version before {@link #orderAt} knew only whether the order was paid and
     * cooking, and had sent every step the kitchen's events called for unless a cancellation was
     * pending: the order is as far as those steps took it.
     */
    private void upgradeSavedState() {
        if (!savedByAnOlderVersion) {
            return;
        }
        savedByAnOlderVersion = false;
        if (savedOrderPaid || ticketId != null) {
            advanceOrder(OrderStatus.PAID);
        }
        if (cancellation == Cancellation.NONE && kitchen.reached(TicketProgress.ACCEPTED)) {
            advanceOrder(OrderStatus.ACCEPTED);
        }
        if (savedOrderCooking) {
            advanceOrder(OrderStatus.COOKING);
        }
        if (deliveryId != null) {
            advanceOrder(OrderStatus.READY_FOR_PICKUP);
        }
        if (delivery.reached(DeliveryProgress.PICKED_UP)) {
            advanceOrder(OrderStatus.PICKED_UP);
        }
    }

    @JsonSetter("kitchen")
    private void readKitchen(TicketProgress saved) {
        kitchen = savedAcceptanceTimedOut && saved == TicketProgress.AWAITING_ACCEPTANCE ? TicketProgress.TIMING_OUT : saved;
    }

    @JsonSetter("delivery")
    private void readDelivery(DeliveryProgress saved) {
        delivery = delivery.atLeast(saved);
    }

    @JsonSetter("deliveryId")
    private void readDeliveryId(DeliveryId saved) {
        deliveryId = saved;
        delivery = saved == null ? delivery : delivery.atLeast(DeliveryProgress.AWAITING_RIDER);
    }

    @JsonSetter("riderId")
    private void readRiderId(RiderId saved) {
        riderId = saved;
        delivery = saved == null ? delivery : delivery.atLeast(DeliveryProgress.CLAIMED);
    }
}
