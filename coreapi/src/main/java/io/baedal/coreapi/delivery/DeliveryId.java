package io.baedal.coreapi.delivery;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.baedal.coreapi.common.Ids;

/** Typed identifier; serialised as its plain string value. */
public record DeliveryId(@JsonValue String value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public DeliveryId {
        value = Ids.requireValid(value, "DeliveryId");
    }

    public static DeliveryId random() {
        return new DeliveryId(Ids.newId());
    }

    @Override
    public String toString() {
        return value;
    }
}
