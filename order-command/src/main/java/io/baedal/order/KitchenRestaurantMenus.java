package io.baedal.order;

import io.baedal.coreapi.kitchen.FindRestaurantQuery;
import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.kitchen.RestaurantView;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Adapter: asks the kitchen context over the query bus, so it works in every deployment. It keeps
 * the last answer about each restaurant, and prices an order from it while the kitchen cannot be
 * asked (the kitchen service down or restarting), so placement does not depend on the kitchen
 * being up; a restaurant it has never been told about is a 503 until the kitchen answers. The
 * kitchen still decides on the ticket: an order priced from a menu that changed meanwhile is
 * accepted or rejected there.
 */
@Component
class KitchenRestaurantMenus implements RestaurantMenus {

    private static final Logger log = LoggerFactory.getLogger(KitchenRestaurantMenus.class);
    private static final long TIMEOUT_SECONDS = 5;

    private final QueryGateway queryGateway;
    private final Map<RestaurantId, Optional<RestaurantView>> lastKnown = new ConcurrentHashMap<>();

    KitchenRestaurantMenus(QueryGateway queryGateway) {
        this.queryGateway = queryGateway;
    }

    @Override
    public Optional<RestaurantView> find(RestaurantId restaurantId) {
        try {
            Optional<RestaurantView> answer = queryGateway.query(new FindRestaurantQuery(restaurantId),
                            ResponseTypes.optionalInstanceOf(RestaurantView.class))
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            lastKnown.put(restaurantId, answer);
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the catalogue", e);
        } catch (Exception e) {
            Optional<RestaurantView> known = lastKnown.get(restaurantId);
            if (known == null) {
                throw new CatalogueUnavailableException(e);
            }
            log.atWarn().addKeyValue("event", "catalogue_last_known").addKeyValue("restaurantId", restaurantId.value())
                    .log("The kitchen's catalogue cannot be read ({}); pricing from its last answer", e.toString());
            return known;
        }
    }
}
