package io.baedal.saga;

import io.baedal.coreapi.order.OrderStatus;
import io.baedal.saga.SagaTiming.Timeout;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.serialization.UnknownSerializedType;
import tools.jackson.databind.JsonNode;

/**
 * What an {@link OrderSaga} saved by an earlier version stored that today's saga keeps otherwise.
 * The properties are collected while the saga is read, and turned into today's state once it is
 * read whole, before its first handler runs ({@link #upgrade}); what each of them stood for:
 * <ul>
 * <li>{@code orderPaid}, {@code orderCooking}: before {@code orderAt}, the saga knew only whether
 * the order was paid and cooking, and had sent every step the kitchen's and the rider's events
 * called for unless a cancellation was pending;</li>
 * <li>{@code cancelRequested}: the pending cancellation, now {@link Cancellation};</li>
 * <li>{@code acceptanceTimedOut}: a ticket awaiting acceptance whose timeout went to the kitchen,
 * now {@link TicketProgress#TIMING_OUT};</li>
 * <li>{@code pickedUp}, {@code delivered}, and a delivery id or rider id without a
 * {@code delivery}: the delivery's progress, now {@link DeliveryProgress};</li>
 * <li>{@code technicalFailures}, {@code placedAt}, {@code stepStartedAt} and the schedule ids of the
 * timeouts: kept by {@link CommandDispatch} and {@link SagaTiming} since.</li>
 * </ul>
 * A command retry's deadline carried the step's name before it carried the {@link Step}, and the
 * {@link Step} was nested in {@link OrderSaga} until it had a file of its own ({@link #retried}).
 */
final class EarlierVersions {

    /** The retry payload's type name while {@link Step} was nested in the saga. */
    static final String NESTED_STEP = "io.baedal.saga.OrderSaga$Step";

    private final Map<String, Object> saved = new HashMap<>();

    void read(String property, Object value) {
        switch (property) {
            case "orderPaid", "orderCooking", "cancelRequested", "acceptanceTimedOut", "pickedUp", "delivered",
                 "technicalFailures", "placedAt", "stepStartedAt", "paymentRetryDeadline", "acceptanceDeadline",
                 "riderDeadline" -> saved.put(property, value);
            default -> throw new IllegalStateException("A saved OrderSaga has a property no version had: " + property);
        }
    }

    @SuppressWarnings("unchecked")
    void upgrade(OrderSaga saga) {
        if (flag("cancelRequested")) {
            saga.cancellation = Cancellation.REQUESTED;
        }
        if (flag("acceptanceTimedOut") && saga.kitchen == TicketProgress.AWAITING_ACCEPTANCE) {
            saga.kitchen = TicketProgress.TIMING_OUT;
        }
        saga.delivery = saga.delivery.atLeast(saga.deliveryId == null ? DeliveryProgress.NONE
                : saga.riderId == null ? DeliveryProgress.AWAITING_RIDER : DeliveryProgress.CLAIMED);
        if (flag("pickedUp")) {
            saga.delivery = saga.delivery.atLeast(DeliveryProgress.PICKED_UP);
        }
        if (flag("delivered")) {
            saga.delivery = saga.delivery.atLeast(DeliveryProgress.DELIVERED);
        }
        if (saved.get("technicalFailures") instanceof Map<?, ?> failures) {
            ((Map<String, Integer>) failures).forEach((step, count) -> saga.commands.restore(Step.valueOf(step), count));
        }
        if (saved.get("placedAt") instanceof String at) {
            saga.timing.restorePlacedAt(Instant.parse(at));
        }
        if (saved.get("stepStartedAt") instanceof Map<?, ?> started) {
            ((Map<String, String>) started).forEach((stage, at) -> saga.timing.restoreStarted(stage, Instant.parse(at)));
        }
        saga.timing.restoreScheduled(Timeout.PAYMENT_RETRY, (String) saved.get("paymentRetryDeadline"));
        saga.timing.restoreScheduled(Timeout.ACCEPTANCE, (String) saved.get("acceptanceDeadline"));
        saga.timing.restoreScheduled(Timeout.RIDER_CLAIM, (String) saved.get("riderDeadline"));
        if (saved.containsKey("orderPaid") || saved.containsKey("orderCooking")) {
            saga.advanceOrder(orderAt(saga));
        }
    }

    /**
     * As far as the steps the saga had sent took the order, for a saga from before {@code orderAt};
     * a saga that stored {@code orderAt} keeps its own.
     */
    private OrderStatus orderAt(OrderSaga saga) {
        if (saga.delivery.reached(DeliveryProgress.PICKED_UP)) {
            return OrderStatus.PICKED_UP;
        } else if (saga.deliveryId != null) {
            return OrderStatus.READY_FOR_PICKUP;
        } else if (flag("orderCooking")) {
            return OrderStatus.COOKING;
        } else if (saga.cancellation == Cancellation.NONE && saga.kitchen.reached(TicketProgress.ACCEPTED)) {
            return OrderStatus.ACCEPTED;
        } else if (flag("orderPaid") || saga.ticketId != null) {
            return OrderStatus.PAID;
        }
        return OrderStatus.PAYMENT_PENDING;
    }

    private boolean flag(String property) {
        return Boolean.TRUE.equals(saved.get(property));
    }

    /**
     * The step of a command retry scheduled by an earlier version: its name, or a {@link Step}
     * under the type name it had while nested ({@value #NESTED_STEP}), which no class answers to
     * any more.
     */
    static Step retried(Object payload) {
        if (payload instanceof UnknownSerializedType unknown && NESTED_STEP.equals(unknown.serializedType().getName())) {
            return Step.valueOf(unknown.readData(JsonNode.class).asString());
        }
        if (payload instanceof String name) {
            return Step.valueOf(name);
        }
        throw new IllegalArgumentException("Not a command retry of any version: " + payload);
    }
}
