package io.baedal.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.kitchen.FindRestaurantQuery;
import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.kitchen.RestaurantView;
import java.util.Optional;
import org.axonframework.common.Registration;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.junit.jupiter.api.Test;

/**
 * Placement prices from the kitchen's catalogue over a real query bus; when the kitchen has left the
 * bus (its service down), from the last answer it gave about that restaurant.
 */
class KitchenRestaurantMenusTest {

    private final SimpleQueryBus queryBus = SimpleQueryBus.builder().build();
    private final KitchenRestaurantMenus menus =
            new KitchenRestaurantMenus(DefaultQueryGateway.builder().queryBus(queryBus).build());

    /** The kitchen's side of the query, answering from the object mother's catalogue. */
    static class Kitchen {

        @QueryHandler
        Optional<RestaurantView> find(FindRestaurantQuery query) {
            return Restaurants.menus().find(query.restaurantId());
        }
    }

    @Test
    void whileTheKitchenIsAwayARestaurantItDescribedIsPricedFromItsLastAnswer() {
        Registration kitchen = new AnnotationQueryHandlerAdapter<>(new Kitchen()).subscribe(queryBus);
        assertThat(menus.find(Restaurants.NOODLE_BAR)).contains(Restaurants.noodleBar());

        kitchen.cancel();

        assertThat(menus.find(Restaurants.NOODLE_BAR)).contains(Restaurants.noodleBar());
    }

    @Test
    void whileTheKitchenIsAwayARestaurantItNeverDescribedCannotBePriced() {
        Registration kitchen = new AnnotationQueryHandlerAdapter<>(new Kitchen()).subscribe(queryBus);
        assertThat(menus.find(new RestaurantId("r-nowhere"))).isEmpty();
        kitchen.cancel();

        assertThat(menus.find(new RestaurantId("r-nowhere"))).as("its last answer: no such restaurant").isEmpty();
        assertThatThrownBy(() -> menus.find(Restaurants.NOODLE_BAR))
                .isInstanceOfSatisfying(CatalogueUnavailableException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
    }

    @Test
    void aRestaurantTheKitchenDescribesAgainIsPricedFromItsNewAnswer() {
        Registration kitchen = new AnnotationQueryHandlerAdapter<>(new Kitchen()).subscribe(queryBus);
        menus.find(Restaurants.NOODLE_BAR);
        kitchen.cancel();
        new AnnotationQueryHandlerAdapter<>(new Object() {
            @QueryHandler
            Optional<RestaurantView> find(FindRestaurantQuery query) {
                return Optional.empty();
            }
        }).subscribe(queryBus);

        assertThat(menus.find(Restaurants.NOODLE_BAR)).as("the kitchen no longer lists it").isEmpty();
    }
}
