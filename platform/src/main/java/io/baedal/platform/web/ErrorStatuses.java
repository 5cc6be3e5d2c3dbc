package io.baedal.platform.web;

import io.baedal.coreapi.error.ErrorCode;
import org.springframework.http.HttpStatus;

/**
 * The HTTP status of each error code: 400 bad input, 401/403 sign-in and roles, 404 unknown id, 409
 * a refusal of the current state, 503 when we cannot accept now. The switch has no default, so a
 * new code does not compile until it has a status here.
 */
public final class ErrorStatuses {

    private ErrorStatuses() {
    }

    public static HttpStatus of(ErrorCode code) {
        return switch (code) {
            case MALFORMED_REQUEST, VALIDATION_FAILED, INVALID_QUANTITY, EMPTY_ORDER, TOO_MANY_LINES,
                    UNKNOWN_RESTAURANT, UNKNOWN_MENU_ITEM, MENU_ITEM_UNAVAILABLE, ZONE_NOT_SERVED ->
                    HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case ORDER_NOT_FOUND, RESTAURANT_NOT_FOUND, CUSTOMER_NOT_FOUND, TICKET_NOT_FOUND, DELIVERY_NOT_FOUND,
                    PAYMENT_NOT_FOUND, NOT_FOUND -> HttpStatus.NOT_FOUND;
            case METHOD_NOT_ALLOWED -> HttpStatus.METHOD_NOT_ALLOWED;
            case UNSUPPORTED_MEDIA_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case DUPLICATE_ID, IDEMPOTENCY_KEY_REUSED, ILLEGAL_ORDER_STATE, ILLEGAL_PAYMENT_STATE,
                    ILLEGAL_TICKET_STATE, ILLEGAL_DELIVERY_STATE, DELIVERY_ALREADY_CLAIMED, NOT_ASSIGNED_RIDER,
                    CONCURRENT_MODIFICATION -> HttpStatus.CONFLICT;
            case SERVICE_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case INTERNAL_ERROR -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }
}
