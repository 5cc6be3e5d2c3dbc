package io.baedal.coreapi.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RejectOrderCommand(@TargetAggregateIdentifier OrderId orderId, OrderReason reason) {
}
