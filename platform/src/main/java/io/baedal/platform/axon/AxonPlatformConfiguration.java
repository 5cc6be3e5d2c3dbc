package io.baedal.platform.axon;

import io.baedal.platform.metrics.EventLagMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.springboot.TokenStoreProperties;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/** Axon settings shared by every service, whether it runs standalone or on Axon Server. */
@Configuration(proxyBeanMethods = false)
public class AxonPlatformConfiguration {

    /**
     * The processors' tokens in PostgreSQL, written with plain JDBC: where Axon would keep them with
     * JPA ({@code JpaTokenStore}, a service with a database), the same table, rows and serializer are
     * read and written by Axon's {@link JdbcTokenStore} instead, in the same transaction as the
     * processor's batch (Spring hands both the transaction's connection). Every batch of every
     * processor stores its token, and Hibernate translated that update anew each time (under load,
     * 30 % of the notification processors' CPU in one profile: docs/PERFORMANCE.md). Several
     * instances of a service may start together (compose, Kubernetes, the run script): their
     * processors then initialise their tokens one at a time ({@link OneTokenInitializationAtATime}).
     */
    @Bean
    static BeanPostProcessor tokensOverJdbcOneInitializationAtATime(ObjectProvider<EntityManagerProvider> entityManagers,
                                                                    ObjectProvider<DataSource> dataSource,
                                                                    ObjectProvider<Serializer> serializer,
                                                                    ObjectProvider<TokenStoreProperties> properties) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof JpaTokenStore) {
                    TokenStore tokens = JdbcTokenStore.builder()
                            .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(
                                    new SpringDataSourceConnectionProvider(dataSource.getObject())))
                            .schema(TOKEN_TABLE)
                            .serializer(serializer.getObject())
                            .claimTimeout(properties.getObject().getClaimTimeout())
                            .build();
                    return new OneTokenInitializationAtATime(tokens, entityManagers.getObject());
                }
                return bean;
            }
        };
    }

    /** The token table as Flyway creates it ({@code V1_1}), in the column names of the JPA mapping. */
    private static final TokenSchema TOKEN_TABLE = TokenSchema.builder()
            .setTokenTable("token_entry")
            .setProcessorNameColumn("processor_name")
            .setSegmentColumn("segment")
            .setTokenColumn("token")
            .setTokenTypeColumn("token_type")
            .setTimestampColumn("timestamp")
            .setOwnerColumn("owner")
            .build();

    /**
     * Two or more instances of a service with a database share its processors' segments
     * ({@link SegmentBalancer}); a service without one (kitchen, delivery) has no processor.
     */
    @Bean
    @ConditionalOnProperty(name = "baedal.processors.balance-segments", havingValue = "true", matchIfMissing = true)
    SegmentBalancer segmentBalancer(ObjectProvider<DataSource> dataSource,
                                    ObjectProvider<EventProcessingConfiguration> processing) {
        return new SegmentBalancer(dataSource, processing);
    }

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
     * The source every processor of ours reads (each module's defaults name it as the processor's
     * {@code source}): the event store, waking the processors up on commit ({@link ProcessorEventSource}).
     */
    @Bean
    ProcessorEventSource processorEventSource(EventStore eventStore) {
        return new ProcessorEventSource(eventStore, Duration.ofMillis(500));
    }

    /** Every processor's lag behind the event store ({@link EventLagMetrics}), where metrics are kept. */
    @Bean
    ConfigurerModule eventLagMetrics(ObjectProvider<MeterRegistry> registry) {
        return configurer -> registry.ifAvailable(meters -> configurer.eventProcessing().registerDefaultHandlerInterceptor(
                (configuration, processorName) -> new EventLagMetrics(meters, processorName, Clock.systemUTC())));
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
