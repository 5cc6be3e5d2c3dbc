package io.baedal.coreapi.order;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.baedal.coreapi.common.Ids;

/** Typed identifier; serialised as its plain string value. */
public record OrderId(@JsonValue String value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public OrderId {
        value = Ids.requireValid(value, "OrderId");
    }

    public static OrderId random() {
        return new OrderId(Ids.newId());
    }

    @Override
    public String toString() {
        return value;
    }
}
