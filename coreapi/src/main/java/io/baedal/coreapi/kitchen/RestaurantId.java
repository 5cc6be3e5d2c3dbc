package io.baedal.coreapi.kitchen;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.baedal.coreapi.common.Ids;

/** Typed identifier; serialised as its plain string value. */
public record RestaurantId(@JsonValue String value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public RestaurantId {
        value = Ids.requireValid(value, "RestaurantId");
    }

    public static RestaurantId random() {
        return new RestaurantId(Ids.newId());
    }

    @Override
    public String toString() {
        return value;
    }
}
