package io.baedal.coreapi.order;

import java.util.List;

/** One page of a customer's orders. */
public record OrderPage(List<OrderStatusView> content, int page, int size, long totalElements, int totalPages) {
}
