package io.baedal.order;

import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.kitchen.RestaurantView;
import java.util.Optional;

/** Port: where order placement reads a restaurant's menu and prices. */
public interface RestaurantCatalogue {

    Optional<RestaurantView> find(RestaurantId restaurantId);
}
