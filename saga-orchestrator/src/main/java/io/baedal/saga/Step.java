package io.baedal.saga;

import io.baedal.coreapi.delivery.CreateDeliveryCommand;
import io.baedal.coreapi.delivery.EscalateUnclaimedDeliveryCommand;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.kitchen.CancelTicketCommand;
import io.baedal.coreapi.kitchen.CreateTicketCommand;
import io.baedal.coreapi.kitchen.RejectTicketCommand;
import io.baedal.coreapi.kitchen.TicketLine;
import io.baedal.coreapi.order.AcceptOrderCommand;
import io.baedal.coreapi.order.CompleteOrderCommand;
import io.baedal.coreapi.order.ConfirmOrderCancellationCommand;
import io.baedal.coreapi.order.MarkOrderCookingCommand;
import io.baedal.coreapi.order.MarkOrderPaidCommand;
import io.baedal.coreapi.order.MarkOrderPaymentRetryingCommand;
import io.baedal.coreapi.order.MarkOrderPickedUpCommand;
import io.baedal.coreapi.order.MarkOrderReadyForPickupCommand;
import io.baedal.coreapi.order.OrderStatus;
import io.baedal.coreapi.order.RejectOrderCancellationCommand;
import io.baedal.coreapi.order.RejectOrderCommand;
import io.baedal.coreapi.payment.ProcessPaymentCommand;
import io.baedal.coreapi.payment.RefundPaymentCommand;
import io.baedal.coreapi.payment.RetryPaymentCommand;
import java.util.EnumSet;
import java.util.Set;

/**
 * Every command the {@link OrderSaga} sends, named, so that a failed one can be sent again from the
 * saga's state ({@link CommandDispatch}): the command each step sends, and the rules that depend
 * only on which command it is.
 */
public enum Step {
    PROCESS_PAYMENT, RETRY_PAYMENT, MARK_PAYMENT_RETRYING, MARK_PAID, CREATE_TICKET, ACCEPT_ORDER,
    TIME_OUT_TICKET, CANCEL_TICKET, MARK_COOKING, CREATE_DELIVERY, MARK_READY, ESCALATE_DELIVERY,
    MARK_PICKED_UP, COMPLETE_ORDER, REFUND, REJECT_ORDER, CONFIRM_CANCELLATION, REJECT_CANCELLATION;

    /** Order commands that a pending cancellation makes the order refuse until it is resolved. */
    private static final Set<Step> HELD_BY_A_CANCELLATION = EnumSet.of(MARK_PAID, MARK_PAYMENT_RETRYING,
            REJECT_ORDER);

    /** This step's command, from the saga's state. */
    Object command(OrderSaga saga) {
        return switch (this) {
            case PROCESS_PAYMENT -> new ProcessPaymentCommand(saga.paymentId, saga.orderId, saga.total, saga.paymentToken);
            case RETRY_PAYMENT -> new RetryPaymentCommand(saga.paymentId);
            case MARK_PAYMENT_RETRYING -> new MarkOrderPaymentRetryingCommand(saga.orderId, saga.paymentId, saga.paymentAttempts);
            case MARK_PAID -> new MarkOrderPaidCommand(saga.orderId, saga.paymentId);
            case CREATE_TICKET -> new CreateTicketCommand(saga.ticketId, saga.orderId, saga.restaurantId, saga.lines.stream()
                    .map(line -> new TicketLine(line.menuItemId(), line.name(), line.quantity()))
                    .toList());
            case ACCEPT_ORDER -> new AcceptOrderCommand(saga.orderId, saga.ticketId);
            case TIME_OUT_TICKET -> new RejectTicketCommand(saga.ticketId, OrderSaga.TIMEOUT_REASON);
            case CANCEL_TICKET -> new CancelTicketCommand(saga.ticketId, OrderSaga.CANCELLED_REASON);
            case MARK_COOKING -> new MarkOrderCookingCommand(saga.orderId);
            case CREATE_DELIVERY -> new CreateDeliveryCommand(saga.deliveryId, saga.orderId, saga.restaurantAddress.zone(),
                    saga.restaurantAddress, saga.deliveryAddress);
            case MARK_READY -> new MarkOrderReadyForPickupCommand(saga.orderId, saga.deliveryId);
            case ESCALATE_DELIVERY -> new EscalateUnclaimedDeliveryCommand(saga.deliveryId, saga.waitingForRider);
            case MARK_PICKED_UP -> new MarkOrderPickedUpCommand(saga.orderId, saga.riderId);
            case COMPLETE_ORDER -> new CompleteOrderCommand(saga.orderId);
            case REFUND -> new RefundPaymentCommand(saga.paymentId, saga.refundReason);
            case REJECT_ORDER -> new RejectOrderCommand(saga.orderId, saga.rejection);
            case CONFIRM_CANCELLATION -> new ConfirmOrderCancellationCommand(saga.orderId);
            case REJECT_CANCELLATION -> new RejectOrderCancellationCommand(saga.orderId);
        };
    }

    /**
     * The step that takes the order one status further behind its ticket and its delivery, or
     * null when the order is as far as they are: the order is accepted once the ticket is, cooking
     * once the ticket is, ready for pickup once the food is, picked up and delivered once the rider
     * says so.
     */
    static Step following(OrderStatus order, TicketProgress ticket, DeliveryProgress delivery) {
        return switch (order) {
            case PAID -> ticket.reached(TicketProgress.ACCEPTED) ? ACCEPT_ORDER : null;
            case ACCEPTED -> ticket.reached(TicketProgress.COOKING) ? MARK_COOKING : null;
            case COOKING -> ticket.reached(TicketProgress.READY) ? MARK_READY : null;
            case READY_FOR_PICKUP -> delivery.reached(DeliveryProgress.PICKED_UP) ? MARK_PICKED_UP : null;
            case PICKED_UP -> delivery.reached(DeliveryProgress.DELIVERED) ? COMPLETE_ORDER : null;
            default -> null;
        };
    }

    /** Where a step by which the order follows its ticket and its delivery takes the order; null for any other step. */
    OrderStatus movesTheOrderTo() {
        return switch (this) {
            case ACCEPT_ORDER -> OrderStatus.ACCEPTED;
            case MARK_COOKING -> OrderStatus.COOKING;
            case MARK_READY -> OrderStatus.READY_FOR_PICKUP;
            case MARK_PICKED_UP -> OrderStatus.PICKED_UP;
            case COMPLETE_ORDER -> OrderStatus.DELIVERED;
            default -> null;
        };
    }

    boolean movesTheOrderAlong() {
        return movesTheOrderTo() != null;
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
     * pending: the cancellation's outcome takes it from there (a refused cancellation catches the
     * order up with the kitchen, a confirmed one ends it). The kitchen refuses a timeout it has
     * answered in time, and a cancellation of a ticket it rejected: its own event (accepted,
     * rejected) says what happens next.
     */
    boolean racesWithTheOrder(ErrorCode code) {
        return switch (code) {
            case ILLEGAL_ORDER_STATE -> HELD_BY_A_CANCELLATION.contains(this) || movesTheOrderAlong();
            case ILLEGAL_TICKET_STATE -> this == TIME_OUT_TICKET || this == CANCEL_TICKET;
            default -> false;
        };
    }
}
