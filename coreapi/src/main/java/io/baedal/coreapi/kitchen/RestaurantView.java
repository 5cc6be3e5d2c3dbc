package io.baedal.coreapi.kitchen;

import io.baedal.coreapi.common.Address;
import java.util.List;

public record RestaurantView(RestaurantId id, String name, String zone, Address address, List<MenuItemView> menu) {
}
