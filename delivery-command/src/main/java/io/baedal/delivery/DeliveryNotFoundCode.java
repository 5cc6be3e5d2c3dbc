package io.baedal.delivery;

import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.delivery.CreateDeliveryCommand;
import io.baedal.platform.axon.NotFoundCode;

/** A command of the delivery context that names no existing aggregate is answered with {@code DELIVERY_NOT_FOUND}. */
public final class DeliveryNotFoundCode extends NotFoundCode {

    public DeliveryNotFoundCode() {
        super(CreateDeliveryCommand.class, ErrorCode.DELIVERY_NOT_FOUND);
    }
}
