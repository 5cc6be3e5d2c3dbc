package io.baedal.coreapi.error;

/**
 * Every error a client can get from Baedal, with the HTTP status it maps to. The REST layer maps
 * these, and only these, to RFC 9457 problem details; the name is the {@code code} field.
 */
public enum ErrorCode {
    MALFORMED_REQUEST(400, "Malformed request"),
    VALIDATION_FAILED(400, "Invalid input"),
    INVALID_QUANTITY(400, "Invalid quantity"),
    EMPTY_ORDER(400, "Order has no items"),
    TOO_MANY_LINES(400, "Too many order lines"),
    UNKNOWN_RESTAURANT(400, "Unknown restaurant"),
    UNKNOWN_MENU_ITEM(400, "Unknown menu item"),
    MENU_ITEM_UNAVAILABLE(400, "Menu item unavailable"),
    ZONE_NOT_SERVED(400, "Zone not served"),
    UNAUTHENTICATED(401, "Authentication required"),
    FORBIDDEN(403, "Forbidden"),
    ORDER_NOT_FOUND(404, "Order not found"),
    RESTAURANT_NOT_FOUND(404, "Restaurant not found"),
    CUSTOMER_NOT_FOUND(404, "Customer not found"),
    PROCESSING_GROUP_NOT_FOUND(404, "Processing group not found"),
    REPLAY_NOT_SUPPORTED(409, "Replay not supported"),
    TICKET_NOT_FOUND(404, "Ticket not found"),
    DELIVERY_NOT_FOUND(404, "Delivery not found"),
    PAYMENT_NOT_FOUND(404, "Payment not found"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    DUPLICATE_ID(409, "Identifier already in use"),
    IDEMPOTENCY_KEY_REUSED(409, "Idempotency key reused with a different request"),
    ILLEGAL_ORDER_STATE(409, "Illegal order state"),
    ILLEGAL_PAYMENT_STATE(409, "Illegal payment state"),
    ILLEGAL_TICKET_STATE(409, "Illegal ticket state"),
    ILLEGAL_DELIVERY_STATE(409, "Illegal delivery state"),
    DELIVERY_ALREADY_CLAIMED(409, "Delivery already claimed"),
    NOT_ASSIGNED_RIDER(409, "Rider is not assigned to this delivery"),
    CONCURRENT_MODIFICATION(409, "Concurrent modification"),
    SERVICE_UNAVAILABLE(503, "Service unavailable"),
    INTERNAL_ERROR(500, "Internal error");

    private final int httpStatus;
    private final String title;

    ErrorCode(int httpStatus, String title) {
        this.httpStatus = httpStatus;
        this.title = title;
    }

    /** The code with this name, if {@code name} is one (error details travel as plain names). */
    public static java.util.Optional<ErrorCode> named(Object name) {
        for (ErrorCode code : values()) {
            if (code.name().equals(name)) {
                return java.util.Optional.of(code);
            }
        }
        return java.util.Optional.empty();
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String title() {
        return title;
    }
}
