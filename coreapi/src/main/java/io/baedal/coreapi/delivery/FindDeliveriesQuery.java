package io.baedal.coreapi.delivery;

/** The rider board: deliveries, oldest first, optionally of one zone and one status; answered with a list of {@link DeliveryView}. */
public record FindDeliveriesQuery(String zone, DeliveryStatus status) {
}
