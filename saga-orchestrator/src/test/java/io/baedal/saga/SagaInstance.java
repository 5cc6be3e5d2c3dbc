package io.baedal.saga;

import com.github.kagkarlsson.scheduler.Scheduler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.common.Registration;
import org.axonframework.common.lock.LockFactory;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.saga.repository.jpa.JpaSagaStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * One instance of the saga service, as far as the saga goes, on the shared database: Axon with
 * the saga registered as the service registers it, with the given lock, its tracking processor {@code OrderSagaProcessor} (a token store
 * of its own node id), Axon's db-scheduler deadline manager with a scheduler that runs due
 * deadlines once {@link #runDeadlines started}, and the other services behind a command bus that
 * takes every command and keeps it.
 */
final class SagaInstance implements AutoCloseable {

    static final String PROCESSOR = "OrderSagaProcessor";

    final PausingSagaStore store;
    final List<Object> commandsSent = new CopyOnWriteArrayList<>();
    /** Commands the services fail for a technical reason (none unless a test says so). */
    volatile Predicate<Object> failing = command -> false;
    private final Scheduler deadlineScheduler;
    private final Configuration axon;

    SagaInstance(String nodeId, SharedDatabase database, LockFactory sagaLock, SagaProperties properties) {
        Serializer serializer = Jackson3Serializer.builder().build();
        store = new PausingSagaStore(JpaSagaStore.builder()
                .entityManagerProvider(database.entityManagers)
                .serializer(serializer)
                .build());
        AtomicReference<DbSchedulerDeadlineManager> deadlineManager = new AtomicReference<>();
        deadlineScheduler = Scheduler.create(new TransactionAwareDataSourceProxy(database.dataSource),
                        DbSchedulerDeadlineManager.binaryTask(deadlineManager::get))
                .threads(1)
                .pollingInterval(Duration.ofMillis(100))
                .shutdownMaxWait(Duration.ofSeconds(5))
                .build();

        Configurer configurer = DefaultConfigurer.defaultConfiguration(false)
                .configureSerializer(c -> serializer)
                .configureMessageSerializer(c -> serializer)
                .configureEventSerializer(c -> serializer)
                .configureTransactionManager(c -> database.transactions)
                .configureEmbeddedEventStore(c -> JpaEventStorageEngine.builder()
                        .entityManagerProvider(database.entityManagers)
                        .transactionManager(database.transactions)
                        .eventSerializer(serializer)
                        .snapshotSerializer(serializer)
                        .build())
                .configureCommandBus(c -> new AcceptingCommandBus(commandsSent, command -> failing.test(command)))
                .registerComponent(DeadlineManager.class, c -> {
                    DbSchedulerDeadlineManager manager = DbSchedulerDeadlineManager.builder()
                            .scheduler(deadlineScheduler)
                            .scopeAwareProvider(new ConfigurationScopeAwareProvider(c))
                            .serializer(c.serializer())
                            .transactionManager(c.getComponent(TransactionManager.class))
                            .startScheduler(false)
                            .stopScheduler(false)
                            .build();
                    deadlineManager.set(manager);
                    return manager;
                })
                .registerComponent(SagaSupport.class,
                        c -> new SagaSupport(properties, new SagaMonitor(new SimpleMeterRegistry())));
        configurer.eventProcessing()
                .registerSagaStore(c -> store)
                .registerTokenStore(c -> JpaTokenStore.builder()
                        .entityManagerProvider(database.entityManagers)
                        .serializer(serializer)
                        .nodeId(nodeId)
                        .build())
                .registerTrackingEventProcessor(PROCESSOR);
        SagaConfiguration.orderSaga(sagaLock).configureModule(configurer);
        axon = configurer.start();
        // As a Spring bean it would exist from the start: the scheduler's task needs it.
        axon.deadlineManager();
    }

    void runDeadlines() {
        deadlineScheduler.start();
    }

    boolean ownsTheSagasSegment() {
        return axon.eventProcessingConfiguration().eventProcessor(PROCESSOR, TrackingEventProcessor.class)
                .map(processor -> processor.processingStatus().containsKey(0))
                .orElse(false);
    }

    /** Appends the events to the event store, in a transaction, as an aggregate of another service would. */
    void publish(Object... events) {
        DefaultUnitOfWork<?> unitOfWork = new DefaultUnitOfWork<>(null);
        unitOfWork.attachTransaction(axon.getComponent(TransactionManager.class));
        unitOfWork.execute(() -> axon.eventStore().publish(Arrays.stream(events)
                .map(GenericEventMessage::asEventMessage)
                .toList()));
    }

    @Override
    public void close() {
        if (deadlineScheduler.getSchedulerState().isStarted()) {
            deadlineScheduler.stop();
        }
        axon.shutdown();
    }

    /** The order, payment and kitchen services: every command succeeds, but those that fail. */
    private record AcceptingCommandBus(List<Object> sent, Predicate<Object> fails) implements CommandBus {

        @Override
        public <C> void dispatch(CommandMessage<C> command) {
            sent.add(command.getPayload());
        }

        @Override
        public <C, R> void dispatch(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback) {
            sent.add(command.getPayload());
            if (fails.test(command.getPayload())) {
                callback.onResult(command, GenericCommandResultMessage.asCommandResultMessage(
                        new IllegalStateException("service unavailable")));
            } else {
                callback.onResult(command, GenericCommandResultMessage.asCommandResultMessage((Object) null));
            }
        }

        @Override
        public Registration subscribe(String commandName, MessageHandler<? super CommandMessage<?>> handler) {
            return () -> true;
        }

        @Override
        public Registration registerHandlerInterceptor(MessageHandlerInterceptor<? super CommandMessage<?>> interceptor) {
            return () -> true;
        }

        @Override
        public Registration registerDispatchInterceptor(
                MessageDispatchInterceptor<? super CommandMessage<?>> dispatchInterceptor) {
            return () -> true;
        }
    }
}
