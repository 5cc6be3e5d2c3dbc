package io.baedal.saga.service;

import io.baedal.platform.boot.BaedalLauncher;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;

/**
 * The order saga (its store, tokens and deadlines) as a service of its own, on Axon Server; its configuration is {@code saga-service.yml}.
 *
 * <p>Deliberately not a {@code @Configuration}: {@code standalone} scans all of {@code io.baedal}
 * and must not pick up a service. The scan leaves out other applications that live in these
 * packages (a test's own application, for example).
 */
@EnableAutoConfiguration
@ComponentScan(basePackages = "io.baedal.saga", excludeFilters = @ComponentScan.Filter(SpringBootConfiguration.class))
public class SagaService {

    /** The name of this service's configuration file ({@code spring.config.name}). */
    public static final String CONFIG_NAME = "saga-service";

    public static void main(String[] args) {
        BaedalLauncher.runService(SagaService.class, CONFIG_NAME, args);
    }
}
