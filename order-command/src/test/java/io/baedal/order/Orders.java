package io.baedal.order;

import io.baedal.coreapi.common.Address;
import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.delivery.DeliveryId;
import io.baedal.coreapi.delivery.RiderId;
import io.baedal.coreapi.kitchen.TicketId;
import io.baedal.coreapi.order.CustomerId;
import io.baedal.coreapi.order.OrderAcceptedEvent;
import io.baedal.coreapi.order.OrderCancellationRequestedEvent;
import io.baedal.coreapi.order.OrderCancelledEvent;
import io.baedal.coreapi.order.OrderCookingStartedEvent;
import io.baedal.coreapi.order.OrderDeliveredEvent;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderItem;
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
import io.baedal.coreapi.payment.PaymentId;
import io.baedal.platform.axon.ContributedUpcasters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;

/** Object Mother: orders, and the events that bring an order to each status. */
final class Orders {

    static final OrderId ORDER = new OrderId("o-1");
    static final CustomerId CUSTOMER = new CustomerId("c-1");
    static final PaymentId PAYMENT = new PaymentId("p-1");
    static final TicketId TICKET = new TicketId("t-1");
    static final DeliveryId DELIVERY = new DeliveryId("d-1");
    static final RiderId RIDER = new RiderId("rider-1");
    static final Address HOME = new Address("1 Hongik-ro", "mapo");
    static final String TOKEN = "tok-visa";

    private Orders() {
    }

    static PlaceOrderCommand placeOrder(OrderItem... items) {
        return new PlaceOrderCommand(ORDER, CUSTOMER, Restaurants.NOODLE_BAR, List.of(items), HOME, TOKEN);
    }

    static PlaceOrderCommand aValidPlaceOrder() {
        return placeOrder(new OrderItem(Restaurants.KALGUKSU, 2), new OrderItem(Restaurants.MANDU, 1));
    }

    static OrderPlacedEvent aPlacedOrder() {
        List<OrderLine> lines = List.of(
                new OrderLine(Restaurants.KALGUKSU, "Kalguksu", Money.of("9000", "KRW"), 2, Money.of("18000", "KRW")),
                new OrderLine(Restaurants.MANDU, "Mandu", Money.of("7000", "KRW"), 1, Money.of("7000", "KRW")));
        return new OrderPlacedEvent(ORDER, CUSTOMER, Restaurants.NOODLE_BAR, lines, Money.of("25000", "KRW"),
                HOME, Restaurants.ADDRESS, TOKEN);
    }

    /** The events after which the order is in the given status, by the shortest path. */
    static List<Object> historyUpTo(OrderStatus status) {
        List<Object> history = new ArrayList<>();
        history.add(aPlacedOrder());
        switch (status) {
            case PAYMENT_PENDING -> {
            }
            case PAYMENT_RETRYING -> history.add(new OrderPaymentRetryScheduledEvent(ORDER, PAYMENT, 1));
            case CANCELLATION_REQUESTED -> history.add(
                    new OrderCancellationRequestedEvent(ORDER, OrderStatus.ACCEPTED, "changed my mind"));
            case CANCELLED -> {
                history.add(new OrderCancellationRequestedEvent(ORDER, OrderStatus.PAYMENT_PENDING, "changed my mind"));
                history.add(new OrderCancelledEvent(ORDER, OrderReason.CUSTOMER_CANCELLED));
            }
            case REJECTED -> history.add(new OrderRejectedEvent(ORDER, OrderReason.PAYMENT_DECLINED));
            default -> history.addAll(happyPathUpTo(status));
        }
        return history;
    }

    private static List<Object> happyPathUpTo(OrderStatus status) {
        List<Object> path = List.of(
                new OrderPaidEvent(ORDER, PAYMENT),
                new OrderAcceptedEvent(ORDER, TICKET),
                new OrderCookingStartedEvent(ORDER),
                new OrderMarkedReadyForPickupEvent(ORDER, DELIVERY),
                new OrderPickedUpEvent(ORDER, RIDER),
                new OrderDeliveredEvent(ORDER));
        List<OrderStatus> reached = List.of(OrderStatus.PAID, OrderStatus.ACCEPTED, OrderStatus.COOKING,
                OrderStatus.READY_FOR_PICKUP, OrderStatus.PICKED_UP, OrderStatus.DELIVERED);
        return path.subList(0, reached.indexOf(status) + 1);
    }

    /**
     * The event as an event store reads it back when an earlier version stored it under another
     * type name (the payload unchanged): deserialized after the upcasters every application
     * registers ({@link ContributedUpcasters}).
     */
    static Object readBackAsStoredUnder(String formerTypeName, Object event) {
        Serializer serializer = Jackson3Serializer.builder().build();
        DomainEventData<byte[]> stored = new GenericDomainEventEntry<>("Order", ORDER.value(), 3, "stored-event",
                Instant.EPOCH, formerTypeName, null, serializer.serialize(event, byte[].class).getData(),
                serializer.serialize(MetaData.emptyInstance(), byte[].class).getData());
        return EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(stored), serializer,
                ContributedUpcasters.chain()).next().getPayload();
    }
}
