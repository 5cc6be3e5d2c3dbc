package io.baedal.standalone;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * In one JVM the saga's commands run inside the saga's own unit of work. With Axon's default bus
 * they would join its transaction, and a refused command would mark the saga's transaction
 * rollback-only, so the saga could never record the refusal. Each command gets a transaction of
 * its own here, as it does when it travels through Axon Server.
 */
@Configuration(proxyBeanMethods = false)
class LocalCommandBusConfiguration {

    @Bean
    @Qualifier("localSegment")
    SimpleCommandBus commandBus(PlatformTransactionManager transactionManager,
                                org.axonframework.config.Configuration axonConfiguration,
                                DuplicateCommandHandlerResolver duplicateCommandHandlerResolver) {
        DefaultTransactionDefinition ownTransaction =
                new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        SimpleCommandBus commandBus = SimpleCommandBus.builder()
                .transactionManager(new SpringTransactionManager(transactionManager, ownTransaction))
                .duplicateCommandHandlerResolver(duplicateCommandHandlerResolver)
                .spanFactory(axonConfiguration.getComponent(CommandBusSpanFactory.class))
                .messageMonitor(axonConfiguration.messageMonitor(CommandBus.class, "commandBus"))
                .build();
        commandBus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(axonConfiguration.correlationDataProviders()));
        return commandBus;
    }
}
