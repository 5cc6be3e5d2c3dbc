package io.baedal.coreapi.delivery;

/** Where a delivery stands. */
public enum DeliveryStatus {
    AWAITING_RIDER,
    RIDER_ASSIGNED,
    PICKED_UP,
    DELIVERED
}
