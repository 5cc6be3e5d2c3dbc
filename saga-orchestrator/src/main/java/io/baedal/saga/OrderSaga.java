package io.baedal.saga;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
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
import io.baedal.coreapi.order.OrderCancellationRequestedEvent;
import io.baedal.coreapi.order.OrderCancelledEvent;
import io.baedal.coreapi.order.OrderCookingEvent;
import io.baedal.coreapi.order.OrderDeliveredEvent;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderLine;
import io.baedal.coreapi.order.OrderPaidEvent;
import io.baedal.coreapi.order.OrderPlacedEvent;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

/**
 * Drives one order from placement to a terminal status ({@code DELIVERED}, {@code CANCELLED} or
 * {@code REJECTED}), and undoes what was done when it cannot go on. Every step is triggered by
 * the event that confirms the previous one, so a step never runs twice for an event delivered
 * twice; every command's failure is handled (see {@link #dispatch}).
 *
 * <table>
 * <caption>Steps and compensations</caption>
 * <tr><th>on</th><th>the saga sends</th><th>compensation / failure path</th></tr>
 * <tr><td>OrderPlaced</td><td>ProcessPayment</td><td></td></tr>
 * <tr><td>PaymentApproved</td><td>MarkOrderPaid</td><td>cancel requested: RefundPayment, then ConfirmOrderCancellation</td></tr>
 * <tr><td>PaymentDeclined</td><td>RejectOrder(PAYMENT_DECLINED)</td><td>cancel requested: ConfirmOrderCancellation</td></tr>
 * <tr><td>PaymentUnavailable</td><td>MarkOrderPaymentRetrying, RetryPayment after a backoff deadline</td><td>attempts exhausted: RejectOrder(PAYMENT_UNAVAILABLE)</td></tr>
 * <tr><td>OrderPaid</td><td>CreateTicket, acceptance deadline</td><td>deadline: RejectTicket(ACCEPTANCE_TIMEOUT)</td></tr>
 * <tr><td>TicketAccepted</td><td>AcceptOrder (deadline cancelled)</td><td></td></tr>
 * <tr><td>TicketRejected</td><td>RefundPayment, then RejectOrder(RESTAURANT_REJECTED or ACCEPTANCE_TIMEOUT)</td><td></td></tr>
 * <tr><td>CookingStarted</td><td>MarkOrderCooking</td><td></td></tr>
 * <tr><td>CookingFinished + OrderCooking</td><td>CreateDelivery, MarkOrderReadyForPickup, rider deadline</td><td>deadline: EscalateUnclaimedDelivery, again each period</td></tr>
 * <tr><td>DeliveryPickedUp</td><td>MarkOrderPickedUp</td><td></td></tr>
 * <tr><td>DeliveryCompleted</td><td>CompleteOrder; OrderDelivered ends the saga</td><td></td></tr>
 * <tr><td>OrderCancellationRequested</td><td>CancelTicket if there is one; else RefundPayment if paid; else ConfirmOrderCancellation</td><td>TicketCancellationRefused (cooking started): RejectOrderCancellation, the order carries on</td></tr>
 * <tr><td>TicketCancelled</td><td>RefundPayment if paid, then ConfirmOrderCancellation</td><td></td></tr>
 * <tr><td>any command fails</td><td>refused by a rule: recorded as a saga failure</td><td>technical failure: sent again after a backoff deadline; once the attempts run out, recorded as a saga failure, then a payment rejects the order (PAYMENT_UNAVAILABLE) and any other step keeps being retried</td></tr>
 * </table>
 */
@Saga
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

    static final String TIMEOUT_REASON = OrderReason.ACCEPTANCE_TIMEOUT.name();
    static final String CANCELLED_REASON = OrderReason.CUSTOMER_CANCELLED.name();

    /** Every command the saga sends, named, so a failed one can be sent again from the saga's state. */
    public enum Step {
        PROCESS_PAYMENT, RETRY_PAYMENT, MARK_PAYMENT_RETRYING, MARK_PAID, CREATE_TICKET, ACCEPT_ORDER,
        TIME_OUT_TICKET, CANCEL_TICKET, MARK_COOKING, CREATE_DELIVERY, MARK_READY, ESCALATE_DELIVERY,
        MARK_PICKED_UP, COMPLETE_ORDER, REFUND, REJECT_ORDER, CONFIRM_CANCELLATION, REJECT_CANCELLATION
    }

    enum Payment { REQUESTED, UNAVAILABLE, APPROVED, DECLINED, REFUNDING, REFUNDED }

    enum Kitchen { NONE, AWAITING_ACCEPTANCE, ACCEPTED, COOKING, READY, REJECTED, CANCELLED }

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
    private boolean orderPaid;
    private Kitchen kitchen = Kitchen.NONE;
    private boolean acceptanceTimedOut;
    private boolean orderCooking;
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
        if (orderPaid) {
            return;
        }
        orderPaid = true;
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
        if (!cancelRequested) {
            dispatch(ports, Step.ACCEPT_ORDER);
        }
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
        if (!cancelRequested) {
            dispatch(new Ports(commands, deadlines, support), Step.MARK_COOKING);
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderCookingEvent event, CommandGateway commands, DeadlineManager deadlines, SagaSupport support) {
        if (orderCooking) {
            return;
        }
        orderCooking = true;
        if (kitchen == Kitchen.READY) {
            readyForPickup(new Ports(commands, deadlines, support));
        }
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
        if (orderCooking) {
            readyForPickup(new Ports(commands, deadlines, support));
        }
    }

    // --- delivery ------------------------------------------------------------------------------

    private void readyForPickup(Ports ports) {
        if (deliveryId != null) {
            return;
        }
        deliveryId = new DeliveryId(derivedId("delivery"));
        SagaLifecycle.associateWith(DELIVERY_ID, deliveryId.value());
        dispatch(ports, Step.CREATE_DELIVERY);
        dispatch(ports, Step.MARK_READY);
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
        dispatch(new Ports(commands, deadlines, support), Step.MARK_PICKED_UP);
    }

    @SagaEventHandler(associationProperty = DELIVERY_ID)
    void on(DeliveryCompletedEvent event, @Timestamp Instant at, CommandGateway commands, DeadlineManager deadlines,
            SagaSupport support) {
        if (delivered) {
            return;
        }
        stepEnded(support, DELIVERY_STEP, at);
        delivered = true;
        dispatch(new Ports(commands, deadlines, support), Step.COMPLETE_ORDER);
    }

    // --- cancellation and compensation ---------------------------------------------------------

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderCancellationRequestedEvent event, CommandGateway commands, DeadlineManager deadlines,
            SagaSupport support) {
        if (cancelRequested) {
            return;
        }
        cancelRequested = true;
        Ports ports = new Ports(commands, deadlines, support);
        switch (kitchen) {
            case AWAITING_ACCEPTANCE, ACCEPTED, COOKING, READY -> dispatch(ports, Step.CANCEL_TICKET);
            case NONE -> cancelBeforeTheKitchen(ports);
            case REJECTED, CANCELLED -> {
                // A refund is under way; when it is done the cancellation is confirmed.
            }
        }
    }

    private void cancelBeforeTheKitchen(Ports ports) {
        switch (payment) {
            case APPROVED -> refund(ports, CANCELLED_REASON);
            case UNAVAILABLE, DECLINED -> {
                paymentRetryDeadline = cancel(ports, PAYMENT_RETRY_DEADLINE, paymentRetryDeadline);
                dispatch(ports, Step.CONFIRM_CANCELLATION);
            }
            case REQUESTED, REFUNDING, REFUNDED -> {
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

    @SagaEventHandler(associationProperty = TICKET_ID)
    void on(TicketCancellationRefusedEvent event, CommandGateway commands, DeadlineManager deadlines,
            SagaSupport support) {
        if (!cancelRequested) {
            return;
        }
        cancelRequested = false;
        Ports ports = new Ports(commands, deadlines, support);
        dispatch(ports, Step.REJECT_CANCELLATION);
        if (kitchen == Kitchen.COOKING || kitchen == Kitchen.READY) {
            dispatch(ports, Step.MARK_COOKING);
        }
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
        dispatch(new Ports(commands, deadlines, support), Step.valueOf(step));
    }

    /**
     * Sends the command of a step and handles its failure: a refusal by a rule is recorded as a
     * saga failure (the events that follow decide what happens next). A technical failure is sent
     * again after a backoff; once the attempts run out it is recorded as a saga failure and then a
     * payment that cannot even be attempted rejects the order, while any other step goes on being
     * retried at the longest delay, so that no order is left half-way.
     */
    void dispatch(Ports ports, Step step) {
        SagaSupport support = ports.support();
        try {
            ports.commands().sendAndWait(commandFor(step), support.properties().commandTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            technicalFailures.remove(step);
        } catch (RuntimeException e) {
            Optional<ErrorCode> refusal = CommandFailures.refusal(e);
            if (refusal.isPresent()) {
                if (!(refusal.get() == ErrorCode.DUPLICATE_ID && isCreation(step))) {
                    support.monitor().failure(orderId, sagaId, step, refusal.get().name(), e);
                }
                return;
            }
            int attempt = technicalFailures.merge(step, 1, Integer::sum);
            SagaProperties.Backoff retry = support.properties().commandRetry();
            if (attempt == retry.maxAttempts()) {
                support.monitor().failure(orderId, sagaId, step, "RETRIES_EXHAUSTED", e);
                if (step == Step.PROCESS_PAYMENT || step == Step.RETRY_PAYMENT) {
                    technicalFailures.remove(step);
                    paymentImpossible(ports);
                    return;
                }
            }
            support.monitor().retrying(orderId, sagaId, step, attempt, e);
            ports.deadlines().schedule(retry.delayAfter(attempt), COMMAND_RETRY_DEADLINE, step.name());
        }
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
