package io.baedal.saga;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * The saga's resources and its persistent deadlines: Axon's db-scheduler deadline manager keeps
 * them in PostgreSQL ({@code scheduled_tasks}), so a pending timeout survives a restart.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SagaProperties.class)
class SagaConfiguration {

    @Bean
    SagaSupport sagaSupport(SagaProperties properties, MeterRegistry meterRegistry) {
        return new SagaSupport(properties, new SagaMonitor(meterRegistry));
    }

    /**
     * Runs the deadlines. It sees the saga's transaction, so a deadline scheduled by a handler that
     * rolls back is not kept. Started by {@link DeadlineSchedulerLifecycle} once Axon runs.
     */
    @Bean
    Scheduler deadlineScheduler(DataSource dataSource, List<Task<?>> tasks) {
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), tasks)
                .threads(2)
                .pollingInterval(Duration.ofMillis(500))
                .heartbeatInterval(Duration.ofSeconds(30))
                .build();
    }

    @Bean
    DeadlineSchedulerLifecycle deadlineSchedulerLifecycle(Scheduler deadlineScheduler) {
        return new DeadlineSchedulerLifecycle(deadlineScheduler);
    }
}
