package io.baedal.coreapi.order;

/** Why an order was rejected or cancelled. */
public enum OrderReason {
    PAYMENT_DECLINED,
    PAYMENT_UNAVAILABLE,
    RESTAURANT_REJECTED,
    ACCEPTANCE_TIMEOUT,
    CUSTOMER_CANCELLED;

    public boolean isRejection() {
        return this != CUSTOMER_CANCELLED;
    }
}
