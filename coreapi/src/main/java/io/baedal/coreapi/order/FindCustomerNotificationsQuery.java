package io.baedal.coreapi.order;

/** Messages sent to a customer, newest first; answered with a list of {@link NotificationView}. */
public record FindCustomerNotificationsQuery(CustomerId customerId) {
}
