package io.baedal.platform.axon;

import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

/**
 * Readiness follows the connection to Axon Server, when a service uses one: while it is down no
 * command, query or event gets through, so the service should get no traffic. Liveness stays as it
 * is, since restarting the service would not bring Axon Server back.
 *
 * <p>Axon 4.13 brings an {@code axonServer} health indicator of its own, but only for Spring Boot 3
 * ({@code org.springframework.boot.actuate.health}); on Boot 4 it is silently left out. The
 * readiness group is set in {@code axon-server-readiness.properties}, as a default that a
 * service's own {@code management.endpoint.health.group.readiness.include} replaces.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.axonserver.enabled", matchIfMissing = true)
@ConditionalOnClass(name = {
        "org.springframework.boot.health.contributor.AbstractHealthIndicator",
        "org.axonframework.axonserver.connector.AxonServerConnectionManager"})
@PropertySource("classpath:io/baedal/platform/axon/axon-server-readiness.properties")
public class AxonServerHealthConfiguration {

    /** Named so that the health contributor is {@code axonServer}, as the readiness group expects. */
    @Bean
    AxonServerConnectionHealthIndicator axonServerHealthIndicator(AxonServerConnectionManager connections) {
        return new AxonServerConnectionHealthIndicator(connections);
    }

    /** Once Axon Server is back, the processors go on at once rather than after their backoff. */
    @Bean
    ProcessorsFollowAxonServer processorsFollowAxonServer(AxonServerConnectionManager connections,
                                                          ObjectProvider<EventProcessingConfiguration> processing) {
        return new ProcessorsFollowAxonServer(connections, processing);
    }
}
