package io.baedal.saga;

/** The order's payment, as far as its {@link OrderSaga} knows. */
enum PaymentProgress {
    REQUESTED, UNAVAILABLE, APPROVED, DECLINED, REFUNDING, REFUNDED;

    boolean awaitsOutcome() {
        return this == REQUESTED || this == UNAVAILABLE;
    }
}
