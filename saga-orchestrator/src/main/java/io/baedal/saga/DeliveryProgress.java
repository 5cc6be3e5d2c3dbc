package io.baedal.saga;

/** The order's delivery, as far as its {@link OrderSaga} knows; it only moves forward. */
enum DeliveryProgress {
    NONE, AWAITING_RIDER, CLAIMED, PICKED_UP, DELIVERED;

    boolean reached(DeliveryProgress step) {
        return compareTo(step) >= 0;
    }

    DeliveryProgress atLeast(DeliveryProgress step) {
        return reached(step) ? this : step;
    }

    /** Whether the rider's event that the delivery is {@code next} is news: a delivery never goes back. */
    boolean canMoveTo(DeliveryProgress next) {
        return !reached(next);
    }
}
