package io.baedal.order.web;

import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/orders/{orderId}/cancel}; the reason is free text for the kitchen and support. */
public record CancelOrderRequest(@Size(max = 500) String reason) {
}
