package io.baedal.kitchen.web;

import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.kitchen.FindAllRestaurantsQuery;
import io.baedal.coreapi.kitchen.FindRestaurantQuery;
import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.kitchen.RestaurantView;
import io.baedal.kitchen.catalogue.RestaurantCatalogue;
import io.baedal.platform.web.Refusals;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Catalogue reads of the REST contract. */
@RestController
@RequestMapping("/api/restaurants")
@Tag(name = "Kitchen")
class CatalogueController {

    private final RestaurantCatalogue catalogue;

    CatalogueController(RestaurantCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @Operation(summary = "List the restaurants with their menus and zones", description = "No token needed.")
    @SecurityRequirements
    @GetMapping
    List<RestaurantView> all() {
        return catalogue.handle(new FindAllRestaurantsQuery());
    }

    @Operation(summary = "Read one restaurant with its menu", description = "No token needed.")
    @SecurityRequirements
    @Refusals({ErrorCode.RESTAURANT_NOT_FOUND, ErrorCode.VALIDATION_FAILED})
    @GetMapping("/{restaurantId}")
    RestaurantView one(@PathVariable String restaurantId) {
        return catalogue.handle(new FindRestaurantQuery(new RestaurantId(restaurantId)))
                .orElseThrow(() -> new DomainException(ErrorCode.RESTAURANT_NOT_FOUND,
                        "No restaurant with id " + restaurantId));
    }
}
