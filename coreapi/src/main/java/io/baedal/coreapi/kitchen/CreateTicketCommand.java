package io.baedal.coreapi.kitchen;

import io.baedal.coreapi.order.OrderId;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateTicketCommand(@TargetAggregateIdentifier TicketId ticketId, OrderId orderId, RestaurantId restaurantId, List<TicketLine> lines) {
}
