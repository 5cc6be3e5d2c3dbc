package io.baedal.payment.gateway;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.payment.PaymentId;

/** Port to the payment service provider. */
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
     * @throws PaymentGatewayUnavailableException when the provider cannot be reached or times out;
     *         the payment is then neither approved nor declined and may be retried
     */
    Authorisation authorise(PaymentId paymentId, Money amount, String paymentToken);

    /** @throws PaymentGatewayUnavailableException when the provider cannot be reached */
    void refund(PaymentId paymentId, Money amount);
}
