package io.baedal.coreapi.kitchen;

import java.util.List;

/**
 * A kitchen's tickets, the answer to {@link FindKitchenTicketsQuery}. A record rather than a bare
 * list, so that its elements keep their type when the answer is serialized (through Axon Server).
 */
public record KitchenQueueView(List<KitchenTicketView> tickets) {
}
