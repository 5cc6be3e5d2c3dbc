package io.baedal.coreapi.order;

/** A customer's orders, newest first, one page at a time; answered with an {@link OrderPage}. */
public record FindCustomerOrdersQuery(CustomerId customerId, int page, int size) {
}
