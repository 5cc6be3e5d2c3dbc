package io.baedal.coreapi.kitchen;

/** Answered with an Optional of RestaurantView. */
public record FindRestaurantQuery(RestaurantId restaurantId) {
}
