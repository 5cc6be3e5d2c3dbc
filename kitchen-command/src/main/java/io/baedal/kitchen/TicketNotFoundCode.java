package io.baedal.kitchen;

import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.kitchen.AcceptTicketCommand;
import io.baedal.platform.axon.NotFoundCode;

/** A command of the kitchen context that names no existing aggregate is answered with {@code TICKET_NOT_FOUND}. */
public final class TicketNotFoundCode extends NotFoundCode {

    public TicketNotFoundCode() {
        super(AcceptTicketCommand.class, ErrorCode.TICKET_NOT_FOUND);
    }
}
