package io.baedal.coreapi.delivery;

import java.time.Duration;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** No rider claimed the delivery in time: operations must see it. Changes nothing once a rider claimed it. */
public record EscalateUnclaimedDeliveryCommand(@TargetAggregateIdentifier DeliveryId deliveryId, Duration waiting) {
}
