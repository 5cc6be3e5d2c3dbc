package io.baedal.coreapi.error;

import java.util.Optional;

/**
 * The errors a refusal can carry, in every context and across the message bus, each with a title
 * in words; the name is the {@code code} field of the RFC 9457 problem a client gets. Which HTTP
 * status each one is, the REST layer decides ({@code platform}'s web package).
 */
public enum ErrorCode {
    MALFORMED_REQUEST("Malformed request"),
    VALIDATION_FAILED("Invalid input"),
    INVALID_QUANTITY("Invalid quantity"),
    EMPTY_ORDER("Order has no items"),
    TOO_MANY_LINES("Too many order lines"),
    UNKNOWN_RESTAURANT("Unknown restaurant"),
    UNKNOWN_MENU_ITEM("Unknown menu item"),
    MENU_ITEM_UNAVAILABLE("Menu item unavailable"),
    ZONE_NOT_SERVED("Zone not served"),
    UNAUTHENTICATED("Authentication required"),
    FORBIDDEN("Forbidden"),
    ORDER_NOT_FOUND("Order not found"),
    RESTAURANT_NOT_FOUND("Restaurant not found"),
    CUSTOMER_NOT_FOUND("Customer not found"),
    TICKET_NOT_FOUND("Ticket not found"),
    DELIVERY_NOT_FOUND("Delivery not found"),
    PAYMENT_NOT_FOUND("Payment not found"),
    NOT_FOUND("Not found"),
    METHOD_NOT_ALLOWED("Method not allowed"),
    UNSUPPORTED_MEDIA_TYPE("Unsupported media type"),
    DUPLICATE_ID("Identifier already in use"),
    IDEMPOTENCY_KEY_REUSED("Idempotency key reused with a different request"),
    ILLEGAL_ORDER_STATE("Illegal order state"),
    ILLEGAL_PAYMENT_STATE("Illegal payment state"),
    ILLEGAL_TICKET_STATE("Illegal ticket state"),
    ILLEGAL_DELIVERY_STATE("Illegal delivery state"),
    DELIVERY_ALREADY_CLAIMED("Delivery already claimed"),
    NOT_ASSIGNED_RIDER("Rider is not assigned to this delivery"),
    CONCURRENT_MODIFICATION("Concurrent modification"),
    SERVICE_UNAVAILABLE("Service unavailable"),
    INTERNAL_ERROR("Internal error");

    private final String title;

    ErrorCode(String title) {
        this.title = title;
    }

    /** The code with this name, if {@code name} is one (error details travel as plain names). */
    public static Optional<ErrorCode> named(Object name) {
        for (ErrorCode code : values()) {
            if (code.name().equals(name)) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }

    public String title() {
        return title;
    }
}
