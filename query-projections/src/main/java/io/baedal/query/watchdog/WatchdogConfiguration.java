package io.baedal.query.watchdog;

import io.baedal.query.kitchen.KitchenQueueProjection;
import io.baedal.query.orderstatus.OrderStatusProjection;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The stalled-order watchdog, reading the order-status and kitchen-queue views. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StalledOrderProperties.class)
class WatchdogConfiguration {

    @Bean
    StalledOrderWatchdog stalledOrderWatchdog(JdbcClient jdbc, StalledOrderProperties properties, Clock clock,
                                              MeterRegistry registry, EventProcessingConfiguration processing) {
        return new StalledOrderWatchdog(new StalledOrders(jdbc), properties, clock, registry,
                new ViewsCaughtUp(processing, List.of(OrderStatusProjection.GROUP, KitchenQueueProjection.GROUP)));
    }
}
