package io.baedal.coreapi.kitchen;

import io.baedal.coreapi.common.Address;
import java.util.List;

/**
 * A restaurant of the catalogue: where it is ({@code zone}, {@code address}), the zones it
 * delivers to ({@code zones}) and its menu.
 */
public record RestaurantView(RestaurantId id, String name, String zone, List<String> zones, Address address,
                             List<MenuItemView> menu) {

    /**
     * A description without {@code zones} (a catalogue file written before zones, or the answer of
     * a kitchen service that does not know them yet) delivers to the restaurant's own zone only.
     */
    public RestaurantView {
        zones = zones != null ? List.copyOf(zones) : zone != null ? List.of(zone) : List.of();
    }
}
