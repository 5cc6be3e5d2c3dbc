package io.baedal.standalone.support;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One row of Axon's event store ({@code domain_event_entry}), as the tests read it.
 *
 * @param globalIndex the store's position of the event, which orders events of different aggregates
 * @param type        the short name of the payload type, e.g. {@code OrderPaidEvent}
 */
public record StoredEvent(long globalIndex, String aggregateId, long sequence, String type, JsonNode payload,
                          Instant at) {

    /** A text field of the payload, or null when it has none. */
    public String field(String name) {
        JsonNode value = payload.path(name);
        return value.isValueNode() && !value.isNull() ? value.asString() : null;
    }

    public String orderId() {
        return field("orderId");
    }
}
