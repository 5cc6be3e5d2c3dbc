package io.baedal.query;

import io.baedal.coreapi.common.Address;
import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.delivery.DeliveryId;
import io.baedal.coreapi.kitchen.MenuItemId;
import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.kitchen.TicketCreatedEvent;
import io.baedal.coreapi.kitchen.TicketId;
import io.baedal.coreapi.kitchen.TicketLine;
import io.baedal.coreapi.delivery.DeliveryCreatedEvent;
import io.baedal.coreapi.order.CustomerId;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderLine;
import io.baedal.coreapi.order.OrderPlacedEvent;
import java.time.Instant;
import java.util.List;

/** Object Mother for the events the views are built from. */
public final class Events {

    public static final RestaurantId RESTAURANT = new RestaurantId("r-noodle");
    public static final Address RESTAURANT_ADDRESS = new Address("88 World Cup-ro", "mapo");
    public static final Address HOME = new Address("1 Hongik-ro", "mapo");
    public static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");

    private Events() {
    }

    public static Instant at(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    public static OrderPlacedEvent placed(OrderId orderId, CustomerId customerId) {
        OrderLine line = new OrderLine(new MenuItemId("m-kalguksu"), "Kalguksu", Money.of("9000", "KRW"), 2,
                Money.of("18000", "KRW"));
        return new OrderPlacedEvent(orderId, customerId, RESTAURANT, List.of(line), Money.of("18000", "KRW"), HOME,
                RESTAURANT_ADDRESS, "tok-visa");
    }

    public static TicketCreatedEvent ticketCreated(TicketId ticketId, OrderId orderId) {
        return new TicketCreatedEvent(ticketId, orderId, RESTAURANT,
                List.of(new TicketLine(new MenuItemId("m-kalguksu"), "Kalguksu", 2)));
    }

    public static DeliveryCreatedEvent deliveryCreated(DeliveryId deliveryId, OrderId orderId, String zone) {
        return new DeliveryCreatedEvent(deliveryId, orderId, zone, RESTAURANT_ADDRESS, HOME);
    }
}
