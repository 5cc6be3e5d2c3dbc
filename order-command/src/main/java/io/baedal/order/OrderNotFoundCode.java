package io.baedal.order;

import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.order.PlaceOrderCommand;
import io.baedal.platform.axon.NotFoundCode;

/** A command of the order context that names no existing aggregate is answered with {@code ORDER_NOT_FOUND}. */
public final class OrderNotFoundCode extends NotFoundCode {

    public OrderNotFoundCode() {
        super(PlaceOrderCommand.class, ErrorCode.ORDER_NOT_FOUND);
    }
}
