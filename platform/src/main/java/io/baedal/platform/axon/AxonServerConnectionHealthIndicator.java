package io.baedal.platform.axon;

import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** UP while the connection to Axon Server's context is established, DOWN while the connector is reconnecting. */
class AxonServerConnectionHealthIndicator extends AbstractHealthIndicator {

    private final AxonServerConnectionManager connections;

    AxonServerConnectionHealthIndicator(AxonServerConnectionManager connections) {
        super("Axon Server health check failed");
        this.connections = connections;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        String context = connections.getDefaultContext();
        builder.withDetail("context", context);
        if (connections.isConnected(context)) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
