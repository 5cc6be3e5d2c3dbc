package io.baedal.saga;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonSetter;
import io.baedal.coreapi.common.Address;
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
import io.baedal.platform.axon.CommandFailures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * saga's state was saved, is refused or answered as done by its aggregate); every command's
 * failure is handled (see {@link #dispatch}).
 *
 * <p>The order follows its ticket and its delivery: whatever the kitchen or the rider has done,
 * the saga moves the order after it, step by step, as soon as nothing holds the order (see
 * {@link #followTheKitchenAndTheRider}). A customer's cancellation holds it: if the kitchen has
 * started cooking by the time the ticket is to be cancelled, the cancellation is refused and the
 * order catches up with everything the kitchen did meanwhile, as if nobody had asked.
 *
 * <table>
 * <caption>Steps and compensations</caption>
 * <tr><th>on</th><th>the saga sends</th><th>compensation / failure path</th></tr>
 * <tr><td>OrderPlaced</td><td>ProcessPayment</td><td></td></tr>
 * <tr><td>PaymentApproved</td><td>MarkOrderPaid</td><td>cancel requested: RefundPayment, then ConfirmOrderCancellation</td></tr>
 * <tr><td>PaymentDeclined</td><td>RejectOrder(PAYMENT_DECLINED)</td><td>cancel requested: ConfirmOrderCancellation</td></tr>
 * <tr><td>PaymentUnavailable</td><td>MarkOrderPaymentRetrying, RetryPayment after a backoff deadline</td><td>attempts exhausted: RejectOrder(PAYMENT_UNAVAILABLE); cancel requested: ConfirmOrderCancellation</td></tr>
 * <tr><td>OrderPaid</td><td>CreateTicket, acceptance deadline</td><td>deadline: RejectTicket(ACCEPTANCE_TIMEOUT), unless a cancel is pending</td></tr>
 * <tr><td>TicketAccepted</td><td>AcceptOrder (deadline cancelled)</td><td></td></tr>
 * <tr><td>TicketRejected</td><td>RefundPayment, then RejectOrder(RESTAURANT_REJECTED or ACCEPTANCE_TIMEOUT)</td><td>cancel requested meanwhile: ConfirmOrderCancellation after the refund</td></tr>
 * <tr><td>CookingStarted</td><td>MarkOrderCooking</td><td></td></tr>
 * <tr><td>CookingFinished</td><td>CreateDelivery, MarkOrderReadyForPickup, rider deadline</td><td>deadline: EscalateUnclaimedDelivery, again each period</td></tr>
 * <tr><td>DeliveryPickedUp</td><td>MarkOrderPickedUp</td><td></td></tr>
 * <tr><td>DeliveryCompleted</td><td>CompleteOrder; OrderDelivered ends the saga</td><td></td></tr>
 * <tr><td>OrderCancellationRequested</td><td>CancelTicket if a ticket is open; else RefundPayment if paid; else ConfirmOrderCancellation (at once, or when the payment's outcome or the refund under way comes in)</td><td>TicketCancellationRefused (cooking started): RejectOrderCancellation, then the order catches up with the kitchen</td></tr>
 * <tr><td>TicketCancelled</td><td>RefundPayment if paid, then ConfirmOrderCancellation</td><td></td></tr>
 * <tr><td>any command fails</td><td>refused by a rule: recorded as a saga failure</td><td>technical failure: sent again after a backoff deadline (a step that moves the order along is decided afresh, a payment attempt whose outcome came in meanwhile is dropped); once the attempts run out, recorded as a saga failure, then a payment rejects the order (PAYMENT_UNAVAILABLE) and any other step keeps being retried</td></tr>
 * <tr><td>a command loses a race</td><td>refused because the customer or the kitchen changed the aggregate first: recorded as a race, not a failure</td><td>the events that follow decide: a pending cancellation's outcome, the kitchen's answer</td></tr>
 * </table>
 *
 * <p>Registered by {@link SagaConfiguration#orderSagaRegistration}, not {@code @Saga}: its
 * repository locks a saga in every instance at once, not only in one JVM ({@link SagaRowLock}).
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

    /** Names of the timed steps of a journey, as the {@code step} tag of {@code baedal.saga.step.duration}. */
    static final String PAYMENT_STEP = "payment";
    static final String ACCEPTANCE_STEP = "acceptance";
    static final String COOKING_STEP = "cooking";
    static final String RIDER_STEP = "rider_claim";
    static final String DELIVERY_STEP = "delivery";
    static final List<String> TIMED_STEPS = List.of(PAYMENT_STEP, ACCEPTANCE_STEP, COOKING_STEP, RIDER_STEP, DELIVERY_STEP);

    static final String TIMEOUT_REASON = OrderReason.ACCEPTANCE_TIMEOUT.name();
    static final String CANCELLED_REASON = OrderReason.CUSTOMER_CANCELLED.name();

    /** Every command the saga sends, named, so a failed one can be sent again from the saga's state. */
    public enum Step {
        PROCESS_PAYMENT, RETRY_PAYMENT, MARK_PAYMENT_RETRYING, MARK_PAID, CREATE_TICKET, ACCEPT_ORDER,
        TIME_OUT_TICKET, CANCEL_TICKET, MARK_COOKING, CREATE_DELIVERY, MARK_READY, ESCALATE_DELIVERY,
        MARK_PICKED_UP, COMPLETE_ORDER, REFUND, REJECT_ORDER, CONFIRM_CANCELLATION, REJECT_CANCELLATION
    }

    /** The steps by which the order follows its ticket and its delivery. */
    static final Set<Step> MOVES_THE_ORDER_ALONG = EnumSet.of(Step.ACCEPT_ORDER, Step.MARK_COOKING, Step.MARK_READY,
            Step.MARK_PICKED_UP, Step.COMPLETE_ORDER);

    /** Order commands that a pending cancellation makes the order refuse until it is resolved. */
    private static final Set<Step> ORDER_STEPS_A_CANCELLATION_HOLDS = EnumSet.of(Step.MARK_PAID,
            Step.MARK_PAYMENT_RETRYING, Step.REJECT_ORDER);

    enum Payment { REQUESTED, UNAVAILABLE, APPROVED, DECLINED, REFUNDING, REFUNDED }

    enum Kitchen {
        NONE, AWAITING_ACCEPTANCE, ACCEPTED, COOKING, READY, REJECTED, CANCELLED;

        /** Whether the ticket has got at least as far as {@code step} on its way to being ready. */
        boolean reached(Kitchen step) {
            return this.compareTo(step) >= 0 && this.compareTo(READY) <= 0;
        }
    }

    /** The order's statuses on its way forward, in order; a pending cancellation is not one of them. */
    private static final List<OrderStatus> PROGRESS = List.of(OrderStatus.PAYMENT_PENDING, OrderStatus.PAYMENT_RETRYING,
            OrderStatus.PAID, OrderStatus.ACCEPTED, OrderStatus.COOKING, OrderStatus.READY_FOR_PICKUP,
            OrderStatus.PICKED_UP, OrderStatus.DELIVERED);

    /**
     * What the handlers use, resolved by Axon as handler parameters. A deadline handler's first
     * parameter is the deadline's payload (the order id), or Axon would not match it.
     */
    record Ports(CommandGateway commands, DeadlineManager deadlines, SagaSupport support) {
    }

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

    private Payment payment;
    private int paymentAttempts;
    private String refundReason;
    /**
     * How far the order has got, as far as the saga knows (from the order's events and the
     * commands it saw succeed); a pending cancellation is kept apart in {@link #cancelRequested}.
     */
    private OrderStatus orderAt = OrderStatus.PAYMENT_PENDING;
    /**
     * What a saga saved before {@link #orderAt} existed said instead (read once, see
     * {@link #upgradeSavedState}); transient, so never written again.
     */
    private transient boolean savedByAnOlderVersion;
    private transient boolean savedOrderPaid;
    private transient boolean savedOrderCooking;
    private Kitchen kitchen = Kitchen.NONE;
    private boolean acceptanceTimedOut;
    private boolean pickedUp;
    private boolean delivered;
    private int escalations;
    private Duration waitingForRider;
    private boolean cancelRequested;
    private OrderReason rejection;
    private Map<Step, Integer> technicalFailures = new EnumMap<>(Step.class);
    /** When the order was placed, and when each timed step of its journey began. */
    private Instant placedAt;
    private Map<String, Instant> stepStartedAt = new HashMap<>();
    private String paymentRetryDeadline;
    private String acceptanceDeadline;
    private String riderDeadline;

    // --- payment -------------------------------------------------------------------------------

    @StartSaga
    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderPlacedEvent event, @Timestamp Instant at, CommandGateway commands, DeadlineManager deadlines,
            SagaSupport support) {
        if (payment != null) {
            return;
        }
        support.monitor().orderPlaced();
        placedAt = at;
        stepStartedAt.put(PAYMENT_STEP, at);
        sagaId = UUID.randomUUID().toString();
        orderId = event.orderId();
        restaurantId = event.restaurantId();
        lines = event.lines();
        total = event.total();
        paymentToken = event.paymentToken();
        deliveryAddress = event.deliveryAddress();
        restaurantAddress = event.restaurantAddress();
        paymentId = new PaymentId(derivedId("payment"));
        SagaLifecycle.associateWith(PAYMENT_ID, paymentId.value());
        payment = Payment.REQUESTED;
        dispatch(new Ports(commands, deadlines, support), Step.PROCESS_PAYMENT);
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentApprovedEvent event, @Timestamp Instant at, CommandGateway commands, DeadlineManager deadlines,
            SagaSupport support) {
        if (payment != Payment.REQUESTED && payment != Payment.UNAVAILABLE) {
            return;
        }
        stepEnded(support, PAYMENT_STEP, at);
        Ports ports = new Ports(commands, deadlines, support);
        payment = Payment.APPROVED;
        paymentRetryDeadline = cancel(ports, PAYMENT_RETRY_DEADLINE, paymentRetryDeadline);
        if (cancelRequested) {
            refund(ports, CANCELLED_REASON);
        } else {
            dispatch(ports, Step.MARK_PAID);
        }
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentDeclinedEvent event, @Timestamp Instant at, CommandGateway commands, DeadlineManager deadlines,
            SagaSupport support) {
        if (payment != Payment.REQUESTED && payment != Payment.UNAVAILABLE) {
            return;
        }
        stepEnded(support, PAYMENT_STEP, at);
        Ports ports = new Ports(commands, deadlines, support);
        payment = Payment.DECLINED;
        paymentRetryDeadline = cancel(ports, PAYMENT_RETRY_DEADLINE, paymentRetryDeadline);
        if (cancelRequested) {
            dispatch(ports, Step.CONFIRM_CANCELLATION);
        } else {
            reject(ports, OrderReason.PAYMENT_DECLINED);
        }
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentUnavailableEvent event, CommandGateway commands, DeadlineManager deadlines, SagaSupport support) {
        if (event.attempt() <= paymentAttempts || payment != Payment.REQUESTED) {
            return;
        }
        Ports ports = new Ports(commands, deadlines, support);
        paymentAttempts = event.attempt();
        payment = Payment.UNAVAILABLE;
        SagaProperties.Backoff retry = support.properties().paymentRetry();
        if (cancelRequested) {
            dispatch(ports, Step.CONFIRM_CANCELLATION);
        } else if (paymentAttempts >= retry.maxAttempts()) {
            reject(ports, OrderReason.PAYMENT_UNAVAILABLE);
        } else {
            if (paymentAttempts == 1) {
                dispatch(ports, Step.MARK_PAYMENT_RETRYING);
            }
            paymentRetryDeadline = deadlines.schedule(retry.delayAfter(paymentAttempts), PAYMENT_RETRY_DEADLINE, orderId);
        }
    }

    @DeadlineHandler(deadlineName = PAYMENT_RETRY_DEADLINE)
    void retryPayment(OrderId order, CommandGateway commands, DeadlineManager deadlines, SagaSupport support) {
        paymentRetryDeadline = null;
        if (payment != Payment.UNAVAILABLE || cancelRequested) {
            return;
        }
        payment = Payment.REQUESTED;
        dispatch(new Ports(commands, deadlines, support), Step.RETRY_PAYMENT);
    }

    // --- kitchen -------------------------------------------------------------------------------

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderPaidEvent event, @Timestamp Instant at, CommandGateway commands, DeadlineManager deadlines,
            SagaSupport support) {
        if (ticketId != null) {
            return;
        }
        advanceOrder(OrderStatus.PAID);
        stepStartedAt.put(ACCEPTANCE_STEP, at);
        Ports ports = new Ports(commands, deadlines, support);
        ticketId = new TicketId(derivedId("ticket"));
        SagaLifecycle.associateWith(TICKET_ID, ticketId.value());
        kitchen = Kitchen.AWAITING_ACCEPTANCE;
        dispatch(ports, Step.CREATE_TICKET);
        acceptanceDeadline = deadlines.schedule(support.properties().acceptanceTimeout(), ACCEPTANCE_DEADLINE, orderId);
    }

    @DeadlineHandler(deadlineName = ACCEPTANCE_DEADLINE)
    void acceptanceTimedOut(OrderId order, CommandGateway commands, DeadlineManager deadlines, SagaSupport support) {
        acceptanceDeadline = null;
        if (kitchen != Kitchen.AWAITING_ACCEPTANCE || cancelRequested) {
            return;
        }
        acceptanceTimedOut = true;
        dispatch(new Ports(commands, deadlines, support), Step.TIME_OUT_TICKET);
    }

    @SagaEventHandler(associationProperty = TICKET_ID)
    void on(TicketAcceptedEvent event, @Timestamp Instant at, CommandGateway commands, DeadlineManager deadlines,
            SagaSupport support) {
        if (kitchen != Kitchen.AWAITING_ACCEPTANCE) {
            return;
        }
        stepEnded(support, ACCEPTANCE_STEP, at);
        Ports ports = new Ports(commands, deadlines, support);
        kitchen = Kitchen.ACCEPTED;
        acceptanceDeadline = cancel(ports, ACCEPTANCE_DEADLINE, acceptanceDeadline);
        followTheKitchenAndTheRider(ports);
    }

    @SagaEventHandler(associationProperty = TICKET_ID)
    void on(TicketRejectedEvent event, CommandGateway commands, DeadlineManager deadlines, SagaSupport support) {
        if (kitchen != Kitchen.AWAITING_ACCEPTANCE) {
            return;
        }
        Ports ports = new Ports(commands, deadlines, support);
        kitchen = Kitchen.REJECTED;
        acceptanceDeadline = cancel(ports, ACCEPTANCE_DEADLINE, acceptanceDeadline);
        rejection = acceptanceTimedOut && TIMEOUT_REASON.equals(event.reason())
                ? OrderReason.ACCEPTANCE_TIMEOUT
                : OrderReason.RESTAURANT_REJECTED;
        refund(ports, cancelRequested ? CANCELLED_REASON : rejection.name());
    }

    @SagaEventHandler(associationProperty = TICKET_ID)
    void on(CookingStartedEvent event, @Timestamp Instant at, CommandGateway commands, DeadlineManager deadlines,
            SagaSupport support) {
        if (kitchen != Kitchen.ACCEPTED) {
            return;
        }
        stepStartedAt.put(COOKING_STEP, at);
        kitchen = Kitchen.COOKING;
        followTheKitchenAndTheRider(new Ports(commands, deadlines, support));
    }

    @SagaEventHandler(associationProperty = TICKET_ID)
    void on(CookingFinishedEvent event, @Timestamp Instant at, CommandGateway commands, DeadlineManager deadlines,
            SagaSupport support) {
        if (kitchen != Kitchen.COOKING) {
            return;
        }
        stepEnded(support, COOKING_STEP, at);
        stepStartedAt.put(RIDER_STEP, at);
        kitchen = Kitchen.READY;
        followTheKitchenAndTheRider(new Ports(commands, deadlines, support));
    }

    // --- delivery ------------------------------------------------------------------------------

    private void createDelivery(Ports ports) {
        deliveryId = new DeliveryId(derivedId("delivery"));
        SagaLifecycle.associateWith(DELIVERY_ID, deliveryId.value());
        dispatch(ports, Step.CREATE_DELIVERY);
        riderDeadline = ports.deadlines().schedule(ports.support().properties().riderClaimTimeout(), RIDER_CLAIM_DEADLINE,
                orderId);
    }

    @DeadlineHandler(deadlineName = RIDER_CLAIM_DEADLINE)
    void noRiderClaimed(OrderId order, CommandGateway commands, DeadlineManager deadlines, SagaSupport support) {
        riderDeadline = null;
        if (riderId != null) {
            return;
        }
        escalations++;
        waitingForRider = support.properties().riderClaimTimeout().multipliedBy(escalations);
        support.monitor().escalation(orderId, sagaId, escalations);
        dispatch(new Ports(commands, deadlines, support), Step.ESCALATE_DELIVERY);
        riderDeadline = deadlines.schedule(support.properties().riderClaimTimeout(), RIDER_CLAIM_DEADLINE, orderId);
    }

    @SagaEventHandler(associationProperty = DELIVERY_ID)
    void on(DeliveryClaimedEvent event, @Timestamp Instant at, CommandGateway commands, DeadlineManager deadlines,
            SagaSupport support) {
        if (riderId != null) {
            return;
        }
        stepEnded(support, RIDER_STEP, at);
        riderId = event.riderId();
        riderDeadline = cancel(new Ports(commands, deadlines, support), RIDER_CLAIM_DEADLINE, riderDeadline);
    }

    @SagaEventHandler(associationProperty = DELIVERY_ID)
    void on(DeliveryPickedUpEvent event, @Timestamp Instant at, CommandGateway commands, DeadlineManager deadlines,
            SagaSupport support) {
        if (pickedUp) {
            return;
        }
        stepStartedAt.put(DELIVERY_STEP, at);
        pickedUp = true;
        riderId = event.riderId();
        followTheKitchenAndTheRider(new Ports(commands, deadlines, support));
    }

    @SagaEventHandler(associationProperty = DELIVERY_ID)
    void on(DeliveryCompletedEvent event, @Timestamp Instant at, CommandGateway commands, DeadlineManager deadlines,
            SagaSupport support) {
        if (delivered) {
            return;
        }
        stepEnded(support, DELIVERY_STEP, at);
        delivered = true;
        followTheKitchenAndTheRider(new Ports(commands, deadlines, support));
    }

    // --- the order follows its ticket and its delivery -----------------------------------------

    /**
     * Moves the order along behind its ticket and its delivery, one step after the other, as far
     * as they have got: the order is accepted once the ticket is, cooking once the ticket is, ready
     * for pickup (with a delivery created) once the food is, picked up and delivered once the rider
     * says so. While a cancellation is pending the order stands still; when the cancellation is
     * refused this picks up whatever the kitchen did meanwhile, several steps if need be. A step
     * the order refuses leaves the order where it is until the order's next event says where it
     * stands (see {@link #racesWithTheOrder}).
     */
    private void followTheKitchenAndTheRider(Ports ports) {
        upgradeSavedState();
        Step next;
        while (!cancelRequested && (next = nextStepBehindTheKitchenOrTheRider()) != null) {
            if (next == Step.MARK_READY && deliveryId == null) {
                createDelivery(ports);
            }
            if (!dispatch(ports, next)) {
                return;
            }
            advanceOrder(statusAfter(next));
        }
    }

    private Step nextStepBehindTheKitchenOrTheRider() {
        return switch (orderAt) {
            case PAID -> kitchen.reached(Kitchen.ACCEPTED) ? Step.ACCEPT_ORDER : null;
            case ACCEPTED -> kitchen.reached(Kitchen.COOKING) ? Step.MARK_COOKING : null;
            case COOKING -> kitchen.reached(Kitchen.READY) ? Step.MARK_READY : null;
            case READY_FOR_PICKUP -> pickedUp ? Step.MARK_PICKED_UP : null;
            case PICKED_UP -> delivered ? Step.COMPLETE_ORDER : null;
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

    @JsonSetter("orderPaid")
    private void savedOrderPaid(boolean paid) {
        savedByAnOlderVersion = true;
        savedOrderPaid = paid;
    }

    @JsonSetter("orderCooking")
    private void savedOrderCooking(boolean cooking) {
        savedByAnOlderVersion = true;
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
        if (!cancelRequested && kitchen.reached(Kitchen.ACCEPTED)) {
            advanceOrder(OrderStatus.ACCEPTED);
        }
        if (savedOrderCooking) {
            advanceOrder(OrderStatus.COOKING);
        }
        if (deliveryId != null) {
            advanceOrder(OrderStatus.READY_FOR_PICKUP);
        }
        if (pickedUp) {
            advanceOrder(OrderStatus.PICKED_UP);
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderAcceptedEvent event, CommandGateway commands, DeadlineManager deadlines, SagaSupport support) {
        orderMoved(OrderStatus.ACCEPTED, new Ports(commands, deadlines, support));
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderCookingEvent event, CommandGateway commands, DeadlineManager deadlines, SagaSupport support) {
        orderMoved(OrderStatus.COOKING, new Ports(commands, deadlines, support));
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderReadyForPickupEvent event, CommandGateway commands, DeadlineManager deadlines, SagaSupport support) {
        orderMoved(OrderStatus.READY_FOR_PICKUP, new Ports(commands, deadlines, support));
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderPickedUpEvent event, CommandGateway commands, DeadlineManager deadlines, SagaSupport support) {
        orderMoved(OrderStatus.PICKED_UP, new Ports(commands, deadlines, support));
    }

    /**
     * The order's own event: usually the saga knew already (its command succeeded), but after a
     * crash, or a step the order refused in a race, this is how the saga learns where it stands.
     */
    private void orderMoved(OrderStatus status, Ports ports) {
        upgradeSavedState();
        if (advanceOrder(status)) {
            followTheKitchenAndTheRider(ports);
        }
    }

    // --- cancellation and compensation ---------------------------------------------------------

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderCancellationRequestedEvent event, CommandGateway commands, DeadlineManager deadlines,
            SagaSupport support) {
        if (cancelRequested) {
            return;
        }
        cancelRequested = true;
        advanceOrder(event.previousStatus());
        Ports ports = new Ports(commands, deadlines, support);
        switch (kitchen) {
            case AWAITING_ACCEPTANCE, ACCEPTED, COOKING, READY -> dispatch(ports, Step.CANCEL_TICKET);
            case NONE, REJECTED, CANCELLED -> cancelWithoutTheKitchen(ports);
        }
    }

    /**
     * No ticket to cancel (none yet, or the kitchen's was rejected or cancelled already): what is
     * left is the money. Whatever is still under way (the payment, a refund) confirms the
     * cancellation when it is done; a rejection the order refused because of this cancellation
     * becomes the cancellation.
     */
    private void cancelWithoutTheKitchen(Ports ports) {
        switch (payment) {
            case APPROVED -> refund(ports, CANCELLED_REASON);
            case UNAVAILABLE, DECLINED, REFUNDED -> {
                paymentRetryDeadline = cancel(ports, PAYMENT_RETRY_DEADLINE, paymentRetryDeadline);
                dispatch(ports, Step.CONFIRM_CANCELLATION);
            }
            case REQUESTED, REFUNDING -> {
                // The payment's outcome or the refund's completes the cancellation.
            }
        }
    }

    @SagaEventHandler(associationProperty = TICKET_ID)
    void on(TicketCancelledEvent event, CommandGateway commands, DeadlineManager deadlines, SagaSupport support) {
        if (kitchen == Kitchen.CANCELLED) {
            return;
        }
        Ports ports = new Ports(commands, deadlines, support);
        kitchen = Kitchen.CANCELLED;
        acceptanceDeadline = cancel(ports, ACCEPTANCE_DEADLINE, acceptanceDeadline);
        support.monitor().compensation(orderId, sagaId, Step.CANCEL_TICKET, CANCELLED_REASON);
        if (payment == Payment.APPROVED) {
            refund(ports, CANCELLED_REASON);
        } else {
            dispatch(ports, Step.CONFIRM_CANCELLATION);
        }
    }

    /**
     * The kitchen had started cooking: the cancellation is refused, the order goes back to where
     * it was and then catches up with everything the kitchen (and maybe a rider) did meanwhile.
     */
    @SagaEventHandler(associationProperty = TICKET_ID)
    void on(TicketCancellationRefusedEvent event, CommandGateway commands, DeadlineManager deadlines,
            SagaSupport support) {
        if (!cancelRequested) {
            return;
        }
        Ports ports = new Ports(commands, deadlines, support);
        if (dispatch(ports, Step.REJECT_CANCELLATION)) {
            cancelRequested = false;
            followTheKitchenAndTheRider(ports);
        }
    }

    /** The same, learnt from the order itself (after a crash, or when the saga's command came too late). */
    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderCancellationRejectedEvent event, CommandGateway commands, DeadlineManager deadlines,
            SagaSupport support) {
        if (!cancelRequested) {
            return;
        }
        cancelRequested = false;
        advanceOrder(event.restoredStatus());
        followTheKitchenAndTheRider(new Ports(commands, deadlines, support));
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentRefundedEvent event, CommandGateway commands, DeadlineManager deadlines, SagaSupport support) {
        if (payment == Payment.REFUNDED) {
            return;
        }
        Ports ports = new Ports(commands, deadlines, support);
        payment = Payment.REFUNDED;
        support.monitor().compensation(orderId, sagaId, Step.REFUND, refundReason);
        if (cancelRequested) {
            dispatch(ports, Step.CONFIRM_CANCELLATION);
        } else {
            dispatch(ports, Step.REJECT_ORDER);
        }
    }

    private void refund(Ports ports, String reason) {
        if (payment == Payment.REFUNDING || payment == Payment.REFUNDED) {
            return;
        }
        payment = Payment.REFUNDING;
        refundReason = reason;
        dispatch(ports, Step.REFUND);
    }

    private void reject(Ports ports, OrderReason reason) {
        rejection = reason;
        ports.support().monitor().compensation(orderId, sagaId, Step.REJECT_ORDER, reason.name());
        dispatch(ports, Step.REJECT_ORDER);
    }

    // --- the end -------------------------------------------------------------------------------

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderDeliveredEvent event, @Timestamp Instant at, DeadlineManager deadlines, SagaSupport support) {
        finish(deadlines, support, OrderStatus.DELIVERED, null, at);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderCancelledEvent event, @Timestamp Instant at, DeadlineManager deadlines, SagaSupport support) {
        finish(deadlines, support, OrderStatus.CANCELLED, event.reason(), at);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderRejectedEvent event, @Timestamp Instant at, DeadlineManager deadlines, SagaSupport support) {
        finish(deadlines, support, OrderStatus.REJECTED, event.reason(), at);
    }

    private void finish(DeadlineManager deadlines, SagaSupport support, OrderStatus outcome, OrderReason reason,
                        Instant at) {
        support.monitor().orderEnded(outcome, reason, Duration.between(placedAt, at));
        for (String deadline : List.of(PAYMENT_RETRY_DEADLINE, ACCEPTANCE_DEADLINE, RIDER_CLAIM_DEADLINE, COMMAND_RETRY_DEADLINE)) {
            deadlines.cancelAllWithinScope(deadline);
        }
        SagaLifecycle.end();
    }

    // --- sending commands ----------------------------------------------------------------------

    @DeadlineHandler(deadlineName = COMMAND_RETRY_DEADLINE)
    void retry(String step, CommandGateway commands, DeadlineManager deadlines, SagaSupport support) {
        Ports ports = new Ports(commands, deadlines, support);
        Step failed = Step.valueOf(step);
        if (MOVES_THE_ORDER_ALONG.contains(failed)) {
            // Where the order goes next may have changed since (a cancellation, say): ask again.
            followTheKitchenAndTheRider(ports);
        } else if (isPaymentAttempt(failed) && payment != Payment.REQUESTED) {
            // The attempt's outcome came in meanwhile (the gateway was unavailable, say, and the
            // customer has cancelled since): sending it again could charge an order that is over.
            return;
        } else {
            dispatch(ports, failed);
        }
    }

    private static boolean isPaymentAttempt(Step step) {
        return step == Step.PROCESS_PAYMENT || step == Step.RETRY_PAYMENT;
    }

    /**
     * Sends the command of a step and handles its failure: a refusal by a rule is recorded as a
     * saga failure (the events that follow decide what happens next). A technical failure is sent
     * again after a backoff; once the attempts run out it is recorded as a saga failure and then a
     * payment that cannot even be attempted rejects the order, while any other step goes on being
     * retried at the longest delay, so that no order is left half-way. A refusal that only says
     * another actor got there first (see {@link #racesWithTheOrder}) is recorded as a race: the
     * events that follow decide.
     *
     * @return whether the command succeeded (a repeated creation counts as done)
     */
    boolean dispatch(Ports ports, Step step) {
        SagaSupport support = ports.support();
        try {
            ports.commands().sendAndWait(commandFor(step), support.properties().commandTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            technicalFailures.remove(step);
            return true;
        } catch (RuntimeException e) {
            Optional<ErrorCode> refusal = CommandFailures.refusal(e);
            if (refusal.isPresent()) {
                ErrorCode code = refusal.get();
                if (code == ErrorCode.DUPLICATE_ID && isCreation(step)) {
                    return true;
                }
                if (racesWithTheOrder(step, code)) {
                    support.monitor().race(orderId, sagaId, step, code.name(), e);
                } else {
                    support.monitor().failure(orderId, sagaId, step, code.name(), e);
                }
                return false;
            }
            int attempt = technicalFailures.merge(step, 1, Integer::sum);
            SagaProperties.Backoff retry = support.properties().commandRetry();
            if (attempt == retry.maxAttempts()) {
                support.monitor().failure(orderId, sagaId, step, SagaMonitor.RETRIES_EXHAUSTED, e);
                if (isPaymentAttempt(step)) {
                    technicalFailures.remove(step);
                    paymentImpossible(ports);
                    return false;
                }
            }
            support.monitor().retrying(orderId, sagaId, step, attempt, e);
            ports.deadlines().schedule(retry.delayAfter(attempt), COMMAND_RETRY_DEADLINE, step.name());
            return false;
        }
    }

    /**
     * Refusals that mean another actor changed the aggregate before the saga's command reached it,
     * and what resolves each. The order refuses to move on or to be rejected while its customer's
     * cancellation is pending: the cancellation's outcome takes it from there (a refused
     * cancellation catches the order up with the kitchen, a confirmed one ends it). The kitchen
     * refuses a timeout it has answered in time, and a cancellation of a ticket it rejected: its
     * own event (accepted, rejected) says what happens next.
     */
    static boolean racesWithTheOrder(Step step, ErrorCode code) {
        return switch (code) {
            case ILLEGAL_ORDER_STATE -> ORDER_STEPS_A_CANCELLATION_HOLDS.contains(step) || MOVES_THE_ORDER_ALONG.contains(step);
            case ILLEGAL_TICKET_STATE -> step == Step.TIME_OUT_TICKET || step == Step.CANCEL_TICKET;
            default -> false;
        };
    }

    /** The payment could not be attempted at all: nothing was charged, so the order ends here. */
    private void paymentImpossible(Ports ports) {
        payment = Payment.DECLINED;
        if (cancelRequested) {
            dispatch(ports, Step.CONFIRM_CANCELLATION);
        } else {
            reject(ports, OrderReason.PAYMENT_UNAVAILABLE);
        }
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

    private static boolean isCreation(Step step) {
        return step == Step.PROCESS_PAYMENT || step == Step.CREATE_TICKET || step == Step.CREATE_DELIVERY;
    }

    private void stepEnded(SagaSupport support, String step, Instant at) {
        Instant started = stepStartedAt.remove(step);
        if (started != null) {
            support.monitor().stepCompleted(step, Duration.between(started, at));
        }
    }

    private String derivedId(String kind) {
        return derivedId(kind, orderId);
    }

    /** Ids of what the saga creates derive from the order, so a repeated create is refused, not doubled. */
    static String derivedId(String kind, OrderId orderId) {
        return UUID.nameUUIDFromBytes((kind + ":" + orderId.value()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String cancel(Ports ports, String deadlineName, String scheduleId) {
        if (scheduleId != null) {
            ports.deadlines().cancelSchedule(deadlineName, scheduleId);
        }
        return null;
    }
}
