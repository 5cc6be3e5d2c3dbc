package io.baedal.platform.axon;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/** Axon settings shared by every service, whether it runs standalone or on Axon Server. */
@Configuration(proxyBeanMethods = false)
public class AxonPlatformConfiguration {

    /** Name of the cache every aggregate declares with {@code @Aggregate(cache = ...)}. */
    public static final String AGGREGATE_CACHE = "aggregateCache";

    /**
     * Axon writes polymorphic tokens (a ReplayToken wraps another token) with type information;
     * Jackson 3 refuses to read those unless a validator allows their packages, and the processor
     * owning the token would then stop.
     */
    @Bean
    Jackson3SerializerCustomizer polymorphicTypesOfAxonAndBaedal() {
        return builder -> builder.polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder()
                .allowIfSubType("org.axonframework.")
                .allowIfSubType("io.baedal.")
                .allowIfSubType("java.util.")
                .build());
    }

    /**
     * Without a cache every command on an existing aggregate replays its events; with one, the
     * aggregate stays in memory between commands (measured: about 1.5k commands/s uncached).
     */
    @Bean(AGGREGATE_CACHE)
    Cache aggregateCache() {
        return new WeakReferenceCache();
    }

    /**
     * Axon's default listener error handler logs a handler's exception and moves on, which would
     * leave a view or a saga silently behind. Propagating it rolls the batch back and lets the
     * processor retry with backoff: the failure stays visible, in the log and as processor lag.
     */
    @Bean
    ConfigurerModule propagateHandlerFailuresAndLogContext() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance())
                .registerDefaultHandlerInterceptor((configuration, processorName) -> new LoggingContextInterceptor<>());
    }

    /**
     * Replaces Axon's default gateway (this configuration comes before Axon's), so that
     * subscription queries answer the same on Axon Server as on the local bus.
     */
    @Bean
    QueryGateway queryGateway(QueryBus queryBus) {
        return new SerializableSubscriptionQueryGateway(queryBus);
    }

    @Bean
    LoggingContextInterceptor<CommandMessage<?>> commandLoggingContext() {
        return new LoggingContextInterceptor<>();
    }

    @Bean
    CommandErrorInterceptor commandErrorInterceptor() {
        return new CommandErrorInterceptor();
    }
}
