package io.baedal.query.notification;

import io.baedal.coreapi.order.OrderCancellationRejectedEvent;
import io.baedal.coreapi.order.OrderCancellationRequestedEvent;
import io.baedal.coreapi.order.OrderCancelledEvent;
import io.baedal.coreapi.order.OrderCookingStartedEvent;
import io.baedal.coreapi.order.OrderDeliveredEvent;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderMarkedReadyForPickupEvent;
import io.baedal.coreapi.order.OrderPaidEvent;
import io.baedal.coreapi.order.OrderPaymentRetryScheduledEvent;
import io.baedal.coreapi.order.OrderPickedUpEvent;
import io.baedal.coreapi.order.OrderPlacedEvent;
import io.baedal.coreapi.order.OrderReason;
import io.baedal.coreapi.order.OrderRejectedEvent;
import io.baedal.coreapi.order.OrderAcceptedEvent;
import io.baedal.coreapi.order.OrderStatus;
import java.util.Optional;

/** The customer-facing message for a change of an order's status. */
public record Notification(OrderId orderId, OrderStatus status, String message) {

    /** The message for an order event, or empty for an event that changes no status. */
    public static Optional<Notification> of(Object event) {
        if (event instanceof OrderPlacedEvent e) {
            return Optional.of(new Notification(e.orderId(), OrderStatus.PAYMENT_PENDING, "We received your order of " + e.total() + " and are taking the payment."));
        }
        if (event instanceof OrderPaymentRetryScheduledEvent e) {
            return Optional.of(new Notification(e.orderId(), OrderStatus.PAYMENT_RETRYING, "The payment service is slow to answer; we keep trying."));
        }
        if (event instanceof OrderPaidEvent e) {
            return Optional.of(new Notification(e.orderId(), OrderStatus.PAID, "Payment received. Waiting for the restaurant to accept your order."));
        }
        if (event instanceof OrderAcceptedEvent e) {
            return Optional.of(new Notification(e.orderId(), OrderStatus.ACCEPTED, "The restaurant accepted your order."));
        }
        if (event instanceof OrderCookingStartedEvent e) {
            return Optional.of(new Notification(e.orderId(), OrderStatus.COOKING, "Your food is being cooked."));
        }
        if (event instanceof OrderMarkedReadyForPickupEvent e) {
            return Optional.of(new Notification(e.orderId(), OrderStatus.READY_FOR_PICKUP, "Your food is ready and waits for a rider."));
        }
        if (event instanceof OrderPickedUpEvent e) {
            return Optional.of(new Notification(e.orderId(), OrderStatus.PICKED_UP, "A rider picked up your food and is on the way."));
        }
        if (event instanceof OrderDeliveredEvent e) {
            return Optional.of(new Notification(e.orderId(), OrderStatus.DELIVERED, "Delivered. Enjoy your meal!"));
        }
        if (event instanceof OrderCancellationRequestedEvent e) {
            return Optional.of(new Notification(e.orderId(), OrderStatus.CANCELLATION_REQUESTED, "We are cancelling your order."));
        }
        if (event instanceof OrderCancellationRejectedEvent e) {
            return Optional.of(new Notification(e.orderId(), e.restoredStatus(), "The kitchen had already started cooking, so your order could not be cancelled and goes on."));
        }
        if (event instanceof OrderCancelledEvent e) {
            return Optional.of(new Notification(e.orderId(), OrderStatus.CANCELLED, "Your order was cancelled. Any payment taken is refunded."));
        }
        if (event instanceof OrderRejectedEvent e) {
            return Optional.of(new Notification(e.orderId(), OrderStatus.REJECTED, "Sorry, your order could not be completed: " + explain(e.reason())));
        }
        return Optional.empty();
    }

    private static String explain(OrderReason reason) {
        return switch (reason) {
            case PAYMENT_DECLINED -> "the payment was declined.";
            case PAYMENT_UNAVAILABLE -> "the payment service was unavailable. You were not charged.";
            case RESTAURANT_REJECTED -> "the restaurant could not take it. Your payment is refunded.";
            case ACCEPTANCE_TIMEOUT -> "the restaurant did not answer in time. Your payment is refunded.";
            case CUSTOMER_CANCELLED -> "you cancelled it.";
        };
    }
}
