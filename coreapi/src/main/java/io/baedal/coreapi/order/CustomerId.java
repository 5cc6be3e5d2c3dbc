package io.baedal.coreapi.order;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.baedal.coreapi.common.Ids;

/** Typed identifier; serialised as its plain string value. */
public record CustomerId(@JsonValue String value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public CustomerId {
        value = Ids.requireValid(value, "CustomerId");
    }

    public static CustomerId random() {
        return new CustomerId(Ids.newId());
    }

    @Override
    public String toString() {
        return value;
    }
}
