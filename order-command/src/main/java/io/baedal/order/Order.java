package io.baedal.order;

import static io.baedal.coreapi.order.OrderStatus.ACCEPTED;
import static io.baedal.coreapi.order.OrderStatus.CANCELLATION_REQUESTED;
import static io.baedal.coreapi.order.OrderStatus.COOKING;
import static io.baedal.coreapi.order.OrderStatus.PAID;
import static io.baedal.coreapi.order.OrderStatus.PAYMENT_PENDING;
import static io.baedal.coreapi.order.OrderStatus.PAYMENT_RETRYING;
import static io.baedal.coreapi.order.OrderStatus.PICKED_UP;
import static io.baedal.coreapi.order.OrderStatus.READY_FOR_PICKUP;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.baedal.coreapi.common.Address;
import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.kitchen.RestaurantView;
import io.baedal.coreapi.order.AcceptOrderCommand;
import io.baedal.coreapi.order.CompleteOrderCommand;
import io.baedal.coreapi.order.ConfirmOrderCancellationCommand;
import io.baedal.coreapi.order.CustomerId;
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
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderLine;
import io.baedal.coreapi.order.OrderMarkedReadyForPickupEvent;
import io.baedal.coreapi.order.OrderPaidEvent;
import io.baedal.coreapi.order.OrderPaymentRetryScheduledEvent;
import io.baedal.coreapi.order.OrderPickedUpEvent;
import io.baedal.coreapi.order.OrderPlacedEvent;
import io.baedal.coreapi.order.OrderReason;
import io.baedal.coreapi.order.OrderRejectedEvent;
import io.baedal.coreapi.order.OrderStatus;
import io.baedal.coreapi.order.PlaceOrderCommand;
import io.baedal.coreapi.order.RejectOrderCancellationCommand;
import io.baedal.coreapi.order.RejectOrderCommand;
import io.baedal.coreapi.order.RequestOrderCancellationCommand;
import io.baedal.platform.axon.AxonPlatformConfiguration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A customer's order and its state machine. The saga moves it along; the customer can only place
 * it and ask to cancel it. Every transition not in the REST contract's table is refused with
 * {@link ErrorCode#ILLEGAL_ORDER_STATE}.
 */
@Aggregate(cache = AxonPlatformConfiguration.AGGREGATE_CACHE)
class Order {

    private static final Set<OrderStatus> CANCELLABLE = EnumSet.of(PAYMENT_PENDING, PAYMENT_RETRYING, PAID, ACCEPTED);
    private static final Set<OrderStatus> REJECTABLE = EnumSet.of(PAYMENT_PENDING, PAYMENT_RETRYING, PAID);

    @AggregateIdentifier
    private OrderId orderId;
    private CustomerId customerId;
    private OrderStatus status;
    private OrderStatus statusBeforeCancellation;

    /** Axon needs a no-arg constructor to rebuild the aggregate from its events. */
    Order() {
    }

    @CommandHandler
    Order(PlaceOrderCommand command, RestaurantMenus menus) {
        RestaurantView restaurant = menus.find(command.restaurantId())
                .orElseThrow(() -> new DomainException(ErrorCode.UNKNOWN_RESTAURANT,
                        "No restaurant with id " + command.restaurantId()));
        requireDeliversTo(restaurant, command.deliveryAddress());
        List<OrderLine> lines = OrderPricing.price(restaurant, command.items());
        apply(new OrderPlacedEvent(command.orderId(), command.customerId(), command.restaurantId(), lines,
                OrderPricing.total(lines), command.deliveryAddress(), restaurant.address(), command.paymentToken()));
    }

    @CommandHandler
    void handle(MarkOrderPaidCommand command) {
        require("mark as paid", EnumSet.of(PAYMENT_PENDING, PAYMENT_RETRYING));
        apply(new OrderPaidEvent(orderId, command.paymentId()));
    }

    @CommandHandler
    void handle(MarkOrderPaymentRetryingCommand command) {
        require("retry the payment of", EnumSet.of(PAYMENT_PENDING));
        apply(new OrderPaymentRetryScheduledEvent(orderId, command.paymentId(), command.attempt()));
    }

    @CommandHandler
    void handle(AcceptOrderCommand command) {
        require("accept", EnumSet.of(PAID));
        apply(new OrderAcceptedEvent(orderId, command.ticketId()));
    }

    @CommandHandler
    void handle(MarkOrderCookingCommand command) {
        require("start cooking", EnumSet.of(ACCEPTED));
        apply(new OrderCookingStartedEvent(orderId));
    }

    @CommandHandler
    void handle(MarkOrderReadyForPickupCommand command) {
        require("mark ready for pickup", EnumSet.of(COOKING));
        apply(new OrderMarkedReadyForPickupEvent(orderId, command.deliveryId()));
    }

    @CommandHandler
    void handle(MarkOrderPickedUpCommand command) {
        require("mark picked up", EnumSet.of(READY_FOR_PICKUP));
        apply(new OrderPickedUpEvent(orderId, command.riderId()));
    }

    @CommandHandler
    void handle(CompleteOrderCommand command) {
        require("complete", EnumSet.of(PICKED_UP));
        apply(new OrderDeliveredEvent(orderId));
    }

    @CommandHandler
    void handle(RequestOrderCancellationCommand command) {
        if (command.requestedBy() != null && !command.requestedBy().equals(customerId)) {
            throw new DomainException(ErrorCode.ORDER_NOT_FOUND, "No order with id " + orderId);
        }
        if (!CANCELLABLE.contains(status)) {
            throw new DomainException(ErrorCode.ILLEGAL_ORDER_STATE,
                    "Order " + orderId + " can no longer be cancelled: it is " + status);
        }
        apply(new OrderCancellationRequestedEvent(orderId, status, command.reason()));
    }

    @CommandHandler
    void handle(ConfirmOrderCancellationCommand command) {
        require("confirm the cancellation of", EnumSet.of(CANCELLATION_REQUESTED));
        apply(new OrderCancelledEvent(orderId, OrderReason.CUSTOMER_CANCELLED));
    }

    @CommandHandler
    void handle(RejectOrderCancellationCommand command) {
        require("reject the cancellation of", EnumSet.of(CANCELLATION_REQUESTED));
        apply(new OrderCancellationRejectedEvent(orderId, statusBeforeCancellation));
    }

    @CommandHandler
    void handle(RejectOrderCommand command) {
        if (command.reason() == null || !command.reason().isRejection()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    "A rejection needs a rejection reason, not " + command.reason());
        }
        require("reject", REJECTABLE);
        apply(new OrderRejectedEvent(orderId, command.reason()));
    }

    private void require(String action, Set<OrderStatus> allowed) {
        if (!allowed.contains(status)) {
            throw new DomainException(ErrorCode.ILLEGAL_ORDER_STATE,
                    "Cannot " + action + " order " + orderId + ": it is " + status);
        }
    }

    /** Checked before the menu: a restaurant that does not come to the customer cannot take any order of theirs. */
    private static void requireDeliversTo(RestaurantView restaurant, Address deliveryAddress) {
        if (deliveryAddress == null || deliveryAddress.zone() == null || deliveryAddress.zone().isBlank()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "An order needs a delivery address with a zone");
        }
        if (!restaurant.zones().contains(deliveryAddress.zone())) {
            throw new DomainException(ErrorCode.ZONE_NOT_SERVED, "Restaurant " + restaurant.id() + " delivers to "
                    + String.join(", ", restaurant.zones()) + ", not to " + deliveryAddress.zone());
        }
    }

    @EventSourcingHandler
    void on(OrderPlacedEvent event) {
        customerId = event.customerId();
        orderId = event.orderId();
        status = PAYMENT_PENDING;
    }

    @EventSourcingHandler
    void on(OrderPaidEvent event) {
        status = PAID;
    }

    @EventSourcingHandler
    void on(OrderPaymentRetryScheduledEvent event) {
        status = PAYMENT_RETRYING;
    }

    @EventSourcingHandler
    void on(OrderAcceptedEvent event) {
        status = ACCEPTED;
    }

    @EventSourcingHandler
    void on(OrderCookingStartedEvent event) {
        status = COOKING;
    }

    @EventSourcingHandler
    void on(OrderMarkedReadyForPickupEvent event) {
        status = READY_FOR_PICKUP;
    }

    @EventSourcingHandler
    void on(OrderPickedUpEvent event) {
        status = PICKED_UP;
    }

    @EventSourcingHandler
    void on(OrderDeliveredEvent event) {
        status = OrderStatus.DELIVERED;
    }

    @EventSourcingHandler
    void on(OrderCancellationRequestedEvent event) {
        statusBeforeCancellation = event.previousStatus();
        status = CANCELLATION_REQUESTED;
    }

    @EventSourcingHandler
    void on(OrderCancellationRejectedEvent event) {
        status = event.restoredStatus();
        statusBeforeCancellation = null;
    }

    @EventSourcingHandler
    void on(OrderCancelledEvent event) {
        status = OrderStatus.CANCELLED;
    }

    @EventSourcingHandler
    void on(OrderRejectedEvent event) {
        status = OrderStatus.REJECTED;
    }
}
