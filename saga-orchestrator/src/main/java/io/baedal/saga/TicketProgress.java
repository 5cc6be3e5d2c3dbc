package io.baedal.saga;

/** The order's kitchen ticket, as far as its {@link OrderSaga} knows. */
enum TicketProgress {
    NONE, AWAITING_ACCEPTANCE,
    /** The saga's acceptance timeout went to the kitchen: a rejection now is the timeout's. */
    TIMING_OUT,
    ACCEPTED, COOKING, READY, REJECTED, CANCELLED;

    boolean awaitsAcceptance() {
        return this == AWAITING_ACCEPTANCE || this == TIMING_OUT;
    }

    /** Whether the ticket has got at least as far as {@code step} on its way to being ready. */
    boolean reached(TicketProgress step) {
        return compareTo(step) >= 0 && compareTo(READY) <= 0;
    }

    /** Whether there is a ticket that a cancellation has to cancel. */
    boolean isOpen() {
        return reached(AWAITING_ACCEPTANCE);
    }

    /**
     * Whether the kitchen's event that the ticket is {@code next} is news: a ticket is accepted or
     * rejected while it awaits acceptance, cooked once accepted, ready once cooking, and cancelled
     * once; an event delivered again, or one the saga already acted on, is not.
     */
    boolean canMoveTo(TicketProgress next) {
        return switch (next) {
            case ACCEPTED, REJECTED -> awaitsAcceptance();
            case COOKING -> this == ACCEPTED;
            case READY -> this == COOKING;
            case CANCELLED -> this != CANCELLED;
            case NONE, AWAITING_ACCEPTANCE, TIMING_OUT -> false;
        };
    }
}
