package io.baedal.saga;

/** The customer's cancellation of the order: pending from its request until the order confirms or refuses it. */
enum Cancellation {
    NONE, REQUESTED
}
