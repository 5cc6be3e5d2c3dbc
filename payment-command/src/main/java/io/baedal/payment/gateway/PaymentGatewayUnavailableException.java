package io.baedal.payment.gateway;

/** The provider could not be reached or did not answer in time: not a decline. */
public class PaymentGatewayUnavailableException extends RuntimeException {

    public PaymentGatewayUnavailableException(String message) {
        super(message);
    }
}
