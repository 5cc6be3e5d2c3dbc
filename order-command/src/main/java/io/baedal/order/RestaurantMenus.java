package io.baedal.order;

import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.kitchen.RestaurantView;
import java.util.Optional;

/** Port: the kitchen's catalogue as order placement reads it, a restaurant's menu, prices and zones. */
public interface RestaurantMenus {

    Optional<RestaurantView> find(RestaurantId restaurantId);
}
