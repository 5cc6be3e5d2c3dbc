package io.baedal.payment.gateway;

import io.baedal.coreapi.payment.PaymentId;

/**
 * Names one operation at the provider, so that the same request sent again (after a timeout or a
 * crash that lost the answer) is answered with the first outcome instead of being carried out
 * twice. Derived from the payment alone, never from the attempt: every retry of a charge carries
 * the same key.
 */
public record IdempotencyKey(String value) {

    public IdempotencyKey {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("An idempotency key must not be blank");
        }
    }

    /** The one charge of a payment. */
    public static IdempotencyKey forCharge(PaymentId paymentId) {
        return new IdempotencyKey("charge:" + paymentId.value());
    }

    /** The one refund of a payment (a payment is refunded whole, at most once). */
    public static IdempotencyKey forRefund(PaymentId paymentId) {
        return new IdempotencyKey("refund:" + paymentId.value());
    }

    @Override
    public String toString() {
        return value;
    }
}
