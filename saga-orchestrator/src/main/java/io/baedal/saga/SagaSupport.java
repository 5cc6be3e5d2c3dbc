package io.baedal.saga;

/** The saga's settings and its monitor, handed to its handlers as one resource. */
public record SagaSupport(SagaProperties properties, SagaMonitor monitor) {
}
