package io.baedal.payment;

import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.payment.ProcessPaymentCommand;
import io.baedal.platform.axon.NotFoundCode;

/** A command of the payment context that names no existing aggregate is answered with {@code PAYMENT_NOT_FOUND}. */
public final class PaymentNotFoundCode extends NotFoundCode {

    public PaymentNotFoundCode() {
        super(ProcessPaymentCommand.class, ErrorCode.PAYMENT_NOT_FOUND);
    }
}
