package io.baedal.delivery.service;

import io.baedal.platform.boot.BaedalLauncher;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;

/**
 * The delivery context (deliveries and the rider endpoints) as a service of its own, on Axon Server; its configuration is {@code delivery-service.yml}.
 *
 * <p>Deliberately not a {@code @Configuration}: {@code standalone} scans all of {@code io.baedal}
 * and must not pick up a service. The scan leaves out other applications that live in these
 * packages (a test's own application, for example).
 */
@EnableAutoConfiguration
@ComponentScan(basePackages = "io.baedal.delivery", excludeFilters = @ComponentScan.Filter(SpringBootConfiguration.class))
public class DeliveryService {

    /** The name of this service's configuration file ({@code spring.config.name}). */
    public static final String CONFIG_NAME = "delivery-service";

    public static void main(String[] args) {
        BaedalLauncher.runService(DeliveryService.class, CONFIG_NAME, args);
    }
}
