package io.baedal.order.web;

import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.order.CustomerId;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.RequestOrderCancellationCommand;
import io.baedal.order.placement.OrderPlacement;
import io.baedal.platform.web.Refusals;
import io.baedal.platform.web.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Order commands of the REST contract. Reads are served by the query side. */
@RestController
@RequestMapping("/api/orders")
@Tag(name = "Orders", description = "A customer places and cancels orders; their status is read under Views")
class OrderController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    private final OrderPlacement placement;
    private final CommandGateway commandGateway;

    OrderController(OrderPlacement placement, CommandGateway commandGateway) {
        this.placement = placement;
        this.commandGateway = commandGateway;
    }

    @Operation(summary = "Place an order", description = "The server prices the items from the restaurant's menu. "
            + "The same Idempotency-Key with the same body answers the same orderId (Idempotent-Replayed: true).")
    @Refusals({ErrorCode.INVALID_QUANTITY, ErrorCode.EMPTY_ORDER, ErrorCode.TOO_MANY_LINES, ErrorCode.UNKNOWN_RESTAURANT,
            ErrorCode.UNKNOWN_MENU_ITEM, ErrorCode.MENU_ITEM_UNAVAILABLE, ErrorCode.ZONE_NOT_SERVED,
            ErrorCode.IDEMPOTENCY_KEY_REUSED, ErrorCode.SERVICE_UNAVAILABLE})
    @PostMapping
    ResponseEntity<OrderPlacedResponse> place(@Valid @RequestBody PlaceOrderRequest request,
                                              @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
        if (request.customerId() != null) {
            new CustomerId(request.customerId()); // a malformed id is invalid input, whoever sends it
        }
        String customerId = Caller.current().ownId(request.customerId(), "customerId");
        PlaceOrderRequest own = request.forCustomer(customerId);
        OrderPlacement.Placed placed = placement.place(own::toCommand, own.fingerprint(), validKey(idempotencyKey));
        return ResponseEntity.created(URI.create("/api/orders/" + placed.orderId()))
                .header("Idempotent-Replayed", Boolean.toString(placed.replayed()))
                .body(new OrderPlacedResponse(placed.orderId().value()));
    }

    @Operation(summary = "Ask to cancel an order", description = "Accepted while the kitchen has not started cooking; "
            + "the order then ends CANCELLED, with a refund if it was paid.")
    @Refusals({ErrorCode.ORDER_NOT_FOUND, ErrorCode.ILLEGAL_ORDER_STATE, ErrorCode.CONCURRENT_MODIFICATION,
            ErrorCode.SERVICE_UNAVAILABLE})
    @PostMapping("/{orderId}/cancel")
    ResponseEntity<Void> cancel(@PathVariable String orderId,
                                @Valid @RequestBody(required = false) CancelOrderRequest request) {
        String reason = request == null || request.reason() == null ? "" : request.reason();
        commandGateway.sendAndWait(new RequestOrderCancellationCommand(new OrderId(orderId), reason,
                new CustomerId(Caller.current().subject())));
        return ResponseEntity.accepted().build();
    }

    private static Optional<String> validKey(String key) {
        if (key == null) {
            return Optional.empty();
        }
        if (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    IDEMPOTENCY_KEY + " must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
        }
        return Optional.of(key);
    }
}
