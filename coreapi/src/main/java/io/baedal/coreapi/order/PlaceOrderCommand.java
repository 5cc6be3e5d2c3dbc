package io.baedal.coreapi.order;

import io.baedal.coreapi.common.Address;
import io.baedal.coreapi.kitchen.RestaurantId;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record PlaceOrderCommand(@TargetAggregateIdentifier OrderId orderId, CustomerId customerId, RestaurantId restaurantId,
        List<OrderItem> items, Address deliveryAddress, String paymentToken) {
}
