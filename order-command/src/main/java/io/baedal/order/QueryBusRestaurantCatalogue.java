package io.baedal.order;

import io.baedal.coreapi.kitchen.FindRestaurantQuery;
import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.kitchen.RestaurantView;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/** Adapter: asks the kitchen context over the query bus, so it works in every deployment. */
@Component
class QueryBusRestaurantCatalogue implements RestaurantCatalogue {

    private static final long TIMEOUT_SECONDS = 5;

    private final QueryGateway queryGateway;

    QueryBusRestaurantCatalogue(QueryGateway queryGateway) {
        this.queryGateway = queryGateway;
    }

    @Override
    public Optional<RestaurantView> find(RestaurantId restaurantId) {
        try {
            return queryGateway.query(new FindRestaurantQuery(restaurantId),
                            ResponseTypes.optionalInstanceOf(RestaurantView.class))
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the catalogue", e);
        } catch (Exception e) {
            throw new CatalogueUnavailableException(e);
        }
    }
}
