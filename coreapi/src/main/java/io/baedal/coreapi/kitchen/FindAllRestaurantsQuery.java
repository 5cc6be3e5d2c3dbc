package io.baedal.coreapi.kitchen;

/** Answered with a list of RestaurantView. */
public record FindAllRestaurantsQuery() {
}
