package io.baedal.coreapi.order;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.delivery.DeliveryId;
import io.baedal.coreapi.delivery.RiderId;
import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.kitchen.TicketId;
import io.baedal.coreapi.payment.PaymentId;
import java.time.Instant;
import java.util.List;

/**
 * Where an order stands, as the customer sees it. {@code version} grows by one with each change,
 * so a client can wait for a change it caused (read-your-writes).
 */
public record OrderStatusView(OrderId orderId, CustomerId customerId, RestaurantId restaurantId, List<OrderLine> items,
                              Money total, OrderStatus status, String statusLabel, PaymentId paymentId, TicketId ticketId,
                              DeliveryId deliveryId, RiderId riderId, OrderReason reason, List<TimelineEntry> timeline,
                              Instant placedAt, long version) {

    /** When the order reached a status. */
    public record TimelineEntry(OrderStatus status, Instant at) {
    }
}
