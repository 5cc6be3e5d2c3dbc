package io.baedal.order.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/orders/{orderId}/cancel}; the reason is free text for the kitchen and support. */
@Schema(example = "{\"reason\": \"Ordered by mistake\"}")
public record CancelOrderRequest(@Size(max = 500) String reason) {
}
