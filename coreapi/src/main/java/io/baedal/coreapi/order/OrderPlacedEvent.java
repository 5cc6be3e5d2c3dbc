package io.baedal.coreapi.order;

import io.baedal.coreapi.common.Address;
import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.kitchen.RestaurantId;
import java.util.List;

public record OrderPlacedEvent(OrderId orderId, CustomerId customerId, RestaurantId restaurantId, List<OrderLine> lines,
        Money total, Address deliveryAddress, Address restaurantAddress, String paymentToken) implements OrderRelated {
}
