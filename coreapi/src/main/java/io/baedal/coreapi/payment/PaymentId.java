package io.baedal.coreapi.payment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.baedal.coreapi.common.Ids;

/** Typed identifier; serialised as its plain string value. */
public record PaymentId(@JsonValue String value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public PaymentId {
        value = Ids.requireValid(value, "PaymentId");
    }

    public static PaymentId random() {
        return new PaymentId(Ids.newId());
    }

    @Override
    public String toString() {
        return value;
    }
}
