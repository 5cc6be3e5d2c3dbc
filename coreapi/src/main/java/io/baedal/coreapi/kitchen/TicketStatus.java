package io.baedal.coreapi.kitchen;

/** Where a kitchen ticket stands. */
public enum TicketStatus {
    AWAITING_ACCEPTANCE,
    ACCEPTED,
    COOKING,
    READY,
    REJECTED,
    CANCELLED
}
