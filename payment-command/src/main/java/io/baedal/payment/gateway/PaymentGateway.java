package io.baedal.payment.gateway;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.payment.PaymentId;

/**
 * Port to the payment service provider. Every call carries an {@link IdempotencyKey}: a provider
 * that has seen the key answers with the outcome it recorded then and charges or refunds nothing
 * more, so a call whose answer was lost may simply be made again.
 */
public interface PaymentGateway {

    /** Outcome of an authorisation that reached the provider: approved with a code, or declined with a reason. */
    record Authorisation(boolean approved, String reference) {

        public static Authorisation approvedWith(String code) {
            return new Authorisation(true, code);
        }

        public static Authorisation declinedBecause(String reason) {
            return new Authorisation(false, reason);
        }
    }

    /**
     * Charges the payment's amount, once per key.
     *
     * @throws PaymentGatewayUnavailableException when the provider cannot be reached or times out;
     *         the payment is then neither approved nor declined as far as we know (the provider may
     *         have charged) and may be retried with the same key
     */
    Authorisation authorise(IdempotencyKey key, PaymentId paymentId, Money amount, String paymentToken);

    /**
     * Refunds the amount, once per key.
     *
     * @throws PaymentGatewayUnavailableException when the provider cannot be reached or times out;
     *         the refund may have happened and may be retried with the same key
     */
    void refund(IdempotencyKey key, PaymentId paymentId, Money amount);
}
