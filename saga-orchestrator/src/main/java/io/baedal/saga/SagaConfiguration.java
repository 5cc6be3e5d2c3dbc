package io.baedal.saga;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.lock.LockFactory;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.modelling.saga.repository.AnnotatedSagaRepository;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * The saga's registration, its resources and its persistent deadlines: Axon's db-scheduler
 * deadline manager keeps them in PostgreSQL ({@code scheduled_tasks}), so a pending timeout
 * survives a restart, and any instance may run it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SagaProperties.class)
class SagaConfiguration {

    /**
     * The {@link OrderSaga} with its processor ({@code OrderSagaProcessor}), in Axon's repository
     * but with a lock that holds across instances ({@link SagaRowLock}). It is registered here
     * rather than by {@code @Saga}, whose registration takes Axon's repository as it is.
     */
    @Bean
    ConfigurerModule orderSagaRegistration(EntityManagerProvider entityManagerProvider) {
        return orderSaga(new SagaRowLock(entityManagerProvider));
    }

    /**
     * Axon's default registration of the saga (see {@code SagaConfigurer}), with the given lock and
     * a manager that hands each order's events to one segment only ({@link OrderSagaManager}).
     */
    static ConfigurerModule orderSaga(LockFactory lockFactory) {
        return configurer -> configurer.eventProcessing().registerSaga(OrderSaga.class, saga -> saga
                .configureRepository(axon -> AnnotatedSagaRepository.<OrderSaga>builder()
                        .sagaType(OrderSaga.class)
                        .sagaStore(axon.eventProcessingConfiguration().sagaStore())
                        .lockFactory(lockFactory)
                        .resourceInjector(axon.resourceInjector())
                        .parameterResolverFactory(axon.parameterResolverFactory())
                        .handlerDefinition(axon.handlerDefinition(OrderSaga.class))
                        .build())
                .configureSagaManager(OrderSagaManager.forProcessor(SagaStartsAtTheHead.PROCESSOR)));
    }

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
