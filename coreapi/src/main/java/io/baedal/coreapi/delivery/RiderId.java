package io.baedal.coreapi.delivery;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.baedal.coreapi.common.Ids;

/** Typed identifier; serialised as its plain string value. */
public record RiderId(@JsonValue String value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public RiderId {
        value = Ids.requireValid(value, "RiderId");
    }

    public static RiderId random() {
        return new RiderId(Ids.newId());
    }

    @Override
    public String toString() {
        return value;
    }
}
