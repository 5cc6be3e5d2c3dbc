package io.baedal.coreapi.kitchen;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.baedal.coreapi.common.Ids;

/** Typed identifier; serialised as its plain string value. */
public record MenuItemId(@JsonValue String value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public MenuItemId {
        value = Ids.requireValid(value, "MenuItemId");
    }

    public static MenuItemId random() {
        return new MenuItemId(Ids.newId());
    }

    @Override
    public String toString() {
        return value;
    }
}
