package io.baedal.platform;

import io.baedal.platform.axon.AxonPlatformConfiguration;
import io.baedal.platform.axon.AxonServerHealthConfiguration;
import io.baedal.platform.axon.ContributedUpcasters;
import io.baedal.platform.faults.FaultConfiguration;
import io.baedal.platform.tracing.TracingConfiguration;
import io.baedal.platform.web.ApiDocumentation;
import io.baedal.platform.web.ProblemDetailsAdvice;
import io.baedal.platform.web.security.ApiSecurityConfiguration;
import java.time.Clock;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.AxonTracingAutoConfiguration;
import org.axonframework.springboot.autoconfig.OpenTelemetryAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * What every Baedal service gets by having this module on its classpath. It comes before Axon's
 * auto-configuration, whose defaults give way to the beans defined here (the query gateway).
 */
@AutoConfiguration(before = {AxonAutoConfiguration.class, AxonTracingAutoConfiguration.class,
        OpenTelemetryAutoConfiguration.class})
@Import({AxonPlatformConfiguration.class, AxonServerHealthConfiguration.class, ProblemDetailsAdvice.class,
        ApiSecurityConfiguration.class, ApiDocumentation.class, TracingConfiguration.class, FaultConfiguration.class,
        ContributedUpcasters.class})
public class PlatformAutoConfiguration {

    /** Where code outside message handlers reads "now" from, so that a test can fix it. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Each module numbers its own migrations ({@code V<module>_<n>}: platform 1, order 2, query 3,
     * saga 4), so a module's new migration sorts before those another module has applied already;
     * without out-of-order Flyway would refuse to start on an existing database.
     */
    @Bean
    FlywayConfigurationCustomizer migrationsNumberedPerModule() {
        return configuration -> configuration.outOfOrder(true);
    }
}
