package io.baedal.kitchen.catalogue;

import io.baedal.coreapi.kitchen.FindAllRestaurantsQuery;
import io.baedal.coreapi.kitchen.FindRestaurantQuery;
import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.kitchen.RestaurantView;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Restaurants and their menus: plain reference data, not event-sourced, read once at start-up
 * from {@code baedal.kitchen.catalogue} (a JSON file; the demo catalogue by default). Answered
 * over the query bus so order placement can price lines in any deployment.
 */
@Component
@EnableConfigurationProperties(CatalogueProperties.class)
public class RestaurantCatalogue {

    private final Map<RestaurantId, RestaurantView> restaurants = new LinkedHashMap<>();

    RestaurantCatalogue(CatalogueProperties properties, JsonMapper jsonMapper) {
        for (RestaurantView restaurant : read(properties.catalogue(), jsonMapper)) {
            if (restaurants.put(restaurant.id(), restaurant) != null) {
                throw new IllegalStateException("Restaurant " + restaurant.id() + " appears twice in the catalogue");
            }
        }
    }

    @QueryHandler
    public Optional<RestaurantView> handle(FindRestaurantQuery query) {
        return Optional.ofNullable(restaurants.get(query.restaurantId()));
    }

    @QueryHandler
    public List<RestaurantView> handle(FindAllRestaurantsQuery query) {
        return List.copyOf(restaurants.values());
    }

    private static List<RestaurantView> read(Resource resource, JsonMapper jsonMapper) {
        try (InputStream in = resource.getInputStream()) {
            return jsonMapper.readValue(in, new TypeReference<List<RestaurantView>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the restaurant catalogue " + resource, e);
        }
    }
}
