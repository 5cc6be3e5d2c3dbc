package io.baedal.saga;

/** The order's payment, as far as its {@link OrderSaga} knows. */
enum PaymentProgress {
    REQUESTED, UNAVAILABLE, APPROVED, DECLINED, REFUNDING, REFUNDED;

    boolean awaitsOutcome() {
        return this == REQUESTED || this == UNAVAILABLE;
    }

    /**
     * Whether the payment's event that it is {@code next} is news: an attempt (the first or a
     * retry) is approved, declined or found unavailable, and a refund done once; an outcome that
     * comes in again, or after another, is not.
     */
    boolean canMoveTo(PaymentProgress next) {
        return switch (next) {
            case APPROVED, DECLINED -> awaitsOutcome();
            case UNAVAILABLE -> this == REQUESTED;
            case REFUNDED -> this != REFUNDED;
            case REQUESTED, REFUNDING -> false;
        };
    }
}
