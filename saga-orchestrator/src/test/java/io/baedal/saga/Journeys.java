package io.baedal.saga;

import io.baedal.coreapi.common.Address;
import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.delivery.DeliveryId;
import io.baedal.coreapi.delivery.RiderId;
import io.baedal.coreapi.kitchen.MenuItemId;
import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.kitchen.TicketId;
import io.baedal.coreapi.kitchen.TicketLine;
import io.baedal.coreapi.order.CustomerId;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderLine;
import io.baedal.coreapi.order.OrderPlacedEvent;
import io.baedal.coreapi.payment.PaymentId;
import java.time.Duration;
import java.util.List;

/** Object Mother for the saga tests: one order and the ids the saga derives for it. */
final class Journeys {

    static final OrderId ORDER = new OrderId("o-1");
    static final PaymentId PAYMENT = new PaymentId(OrderSaga.derivedId("payment", ORDER));
    static final TicketId TICKET = new TicketId(OrderSaga.derivedId("ticket", ORDER));
    static final DeliveryId DELIVERY = new DeliveryId(OrderSaga.derivedId("delivery", ORDER));
    static final RestaurantId RESTAURANT = new RestaurantId("r-noodle");
    static final RiderId RIDER = new RiderId("rider-1");
    static final Money TOTAL = Money.of("18000", "KRW");
    static final String TOKEN = "tok-visa";
    static final Address HOME = new Address("1 Hongik-ro", "mapo");
    static final Address RESTAURANT_ADDRESS = new Address("88 World Cup-ro", "mapo");
    static final MenuItemId KALGUKSU = new MenuItemId("m-kalguksu");
    static final List<TicketLine> TICKET_LINES = List.of(new TicketLine(KALGUKSU, "Kalguksu", 2));

    static final SagaProperties PROPERTIES = new SagaProperties(Duration.ofMinutes(5), Duration.ofMinutes(10),
            new SagaProperties.Backoff(4, Duration.ofSeconds(2), 2.0, Duration.ofMinutes(1)),
            new SagaProperties.Backoff(3, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1)),
            Duration.ofSeconds(10));

    private Journeys() {
    }

    static OrderPlacedEvent placed() {
        return new OrderPlacedEvent(ORDER, new CustomerId("c-1"), RESTAURANT,
                List.of(new OrderLine(KALGUKSU, "Kalguksu", Money.of("9000", "KRW"), 2, TOTAL)), TOTAL, HOME,
                RESTAURANT_ADDRESS, TOKEN);
    }
}
