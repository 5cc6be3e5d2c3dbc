package io.baedal.coreapi.kitchen;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.baedal.coreapi.common.Ids;

/** Typed identifier; serialised as its plain string value. */
public record TicketId(@JsonValue String value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public TicketId {
        value = Ids.requireValid(value, "TicketId");
    }

    public static TicketId random() {
        return new TicketId(Ids.newId());
    }

    @Override
    public String toString() {
        return value;
    }
}
