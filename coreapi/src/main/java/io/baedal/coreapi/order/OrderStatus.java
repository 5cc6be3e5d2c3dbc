package io.baedal.coreapi.order;

import java.util.EnumSet;
import java.util.Set;

/** Where an order stands; see the REST contract for the allowed transitions. */
public enum OrderStatus {
    PAYMENT_PENDING("Waiting for payment"),
    PAYMENT_RETRYING("Payment is being retried"),
    PAID("Paid, waiting for the restaurant"),
    ACCEPTED("Accepted by the restaurant"),
    COOKING("Being cooked"),
    READY_FOR_PICKUP("Ready for pickup"),
    PICKED_UP("On its way"),
    DELIVERED("Delivered"),
    CANCELLATION_REQUESTED("Cancellation requested"),
    CANCELLED("Cancelled"),
    REJECTED("Rejected");

    private static final Set<OrderStatus> TERMINAL = EnumSet.of(DELIVERED, CANCELLED, REJECTED);

    private final String label;

    OrderStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }
}
