package io.baedal.order.web;

/** Answer to {@code POST /api/orders}. */
public record OrderPlacedResponse(String orderId) {
}
