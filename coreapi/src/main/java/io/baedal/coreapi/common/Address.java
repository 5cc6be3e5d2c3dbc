package io.baedal.coreapi.common;

/** A street address inside a delivery zone. */
public record Address(String street, String zone) {
}
