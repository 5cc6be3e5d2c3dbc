package io.baedal.coreapi.delivery;

import java.util.List;

/**
 * Deliveries on the rider board, the answer to {@link FindDeliveriesQuery}. A record rather than a
 * bare list, so that its elements keep their type when the answer is serialized (through Axon Server).
 */
public record RiderBoardView(List<DeliveryView> deliveries) {
}
