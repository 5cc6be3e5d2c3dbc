package io.baedal.order;

import io.baedal.coreapi.common.Address;
import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.kitchen.MenuItemId;
import io.baedal.coreapi.kitchen.MenuItemView;
import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.kitchen.RestaurantView;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Object Mother: a small catalogue of one restaurant, in mapo, delivering to mapo and seodaemun. */
final class Restaurants {

    static final RestaurantId NOODLE_BAR = new RestaurantId("r-noodle");
    static final MenuItemId KALGUKSU = new MenuItemId("m-kalguksu");
    static final MenuItemId MANDU = new MenuItemId("m-mandu");
    static final MenuItemId SOLD_OUT = new MenuItemId("m-naengmyeon");
    static final Address ADDRESS = new Address("88 World Cup-ro", "mapo");
    /** Where the noodle bar delivers: its own zone and a neighbour. */
    static final List<String> ZONES = List.of("mapo", "seodaemun");

    private Restaurants() {
    }

    static RestaurantView noodleBar() {
        return new RestaurantView(NOODLE_BAR, "Noodle bar", "mapo", ZONES, ADDRESS, List.of(
                new MenuItemView(KALGUKSU, "Kalguksu", Money.of("9000", "KRW"), true),
                new MenuItemView(MANDU, "Mandu", Money.of("7000", "KRW"), true),
                new MenuItemView(SOLD_OUT, "Naengmyeon", Money.of("12000", "KRW"), false)));
    }

    static RestaurantMenus menus() {
        Map<RestaurantId, RestaurantView> restaurants = Map.of(NOODLE_BAR, noodleBar());
        return restaurantId -> Optional.ofNullable(restaurants.get(restaurantId));
    }
}
