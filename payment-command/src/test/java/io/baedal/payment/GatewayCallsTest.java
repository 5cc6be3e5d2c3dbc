package io.baedal.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.payment.PaymentApprovedEvent;
import io.baedal.coreapi.payment.PaymentAttemptRequestedEvent;
import io.baedal.coreapi.payment.PaymentId;
import io.baedal.coreapi.payment.PaymentRefundedEvent;
import io.baedal.coreapi.payment.PaymentRequestedEvent;
import io.baedal.coreapi.payment.ProcessPaymentCommand;
import io.baedal.coreapi.payment.RecordAuthorisationCommand;
import io.baedal.coreapi.payment.PaymentUnavailableEvent;
import io.baedal.coreapi.payment.RefundPaymentCommand;
import io.baedal.coreapi.payment.RetryPaymentCommand;
import io.baedal.payment.gateway.IdempotencyKey;
import io.baedal.payment.gateway.PaymentGateway;
import io.baedal.payment.gateway.PaymentGatewayProperties;
import io.baedal.payment.gateway.PaymentGatewayUnavailableException;
import io.baedal.payment.gateway.ResilientPaymentGateway;
import io.baedal.payment.gateway.SimulatedPaymentGateway;
import io.baedal.payment.gateway.SimulatedPaymentGatewayProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway-calling processors on a running Axon stack: the payment aggregate, a command bus, an
 * event store and the two pooled processors as the application configures them (their own
 * processing groups, positions created by {@link GatewayCallsStart}, a handler's failure retried
 * by the processor). In memory, as the payment service keeps its positions on Axon Server.
 */
class GatewayCallsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** A failed batch gives its segment up; the coordinator claims it again after this (Axon's default: 5 s). */
    private static final long CLAIM_AGAIN_AFTER_MS = 200;
    private static final Money AMOUNT = Money.of("25000", "KRW");
    private static final String TOKEN = "tok-visa";

    private final SimulatedPaymentGateway provider =
            new SimulatedPaymentGateway(new SimulatedPaymentGatewayProperties(Duration.ZERO, 0, 1));
    private final InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();
    private Configuration axon;

    @AfterEach
    void stop() {
        if (axon != null) {
            axon.shutdown();
        }
    }

    private void start(PaymentGateway gateway, MessageHandlerInterceptor<CommandMessage<?>> commandInterceptor) {
        Configurer configurer = DefaultConfigurer.defaultConfiguration(false)
                .configureEmbeddedEventStore(configuration -> storage)
                .configureAggregate(Payment.class);
        configurer.eventProcessing()
                .registerPooledStreamingEventProcessor(GatewayCharges.PROCESSING_GROUP,
                        configuration -> configuration.eventStore(),
                        (configuration, builder) -> builder.initialSegmentCount(1).tokenClaimInterval(CLAIM_AGAIN_AFTER_MS))
                .registerPooledStreamingEventProcessor(GatewayRefunds.PROCESSING_GROUP,
                        configuration -> configuration.eventStore(),
                        (configuration, builder) -> builder.initialSegmentCount(1).tokenClaimInterval(CLAIM_AGAIN_AFTER_MS))
                .registerEventHandler(configuration -> new GatewayCharges(gateway, configuration.commandGateway(),
                        new PaymentHistory(configuration.eventStore())))
                .registerEventHandler(configuration -> new GatewayRefunds(gateway, configuration.commandGateway(),
                        new PaymentHistory(configuration.eventStore())))
                .registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance());
        configurer.onInitialize(configuration -> {
            configuration.onStart(0, () -> configuration.commandBus().registerHandlerInterceptor(commandInterceptor));
            configuration.onStart(1, () -> GatewayCallsStart.createMissingTokens(configuration,
                    Map.of(GatewayCharges.PROCESSING_GROUP, 1, GatewayRefunds.PROCESSING_GROUP, 1),
                    Duration.ofMinutes(10), Clock.systemUTC()));
        });
        axon = configurer.start();
    }

    private void start(PaymentGateway gateway) {
        start(gateway, (unitOfWork, chain) -> chain.proceed());
    }

    private static PaymentId aPayment() {
        return new PaymentId("p-" + UUID.randomUUID());
    }

    private void pay(PaymentId payment) {
        axon.commandGateway().sendAndWait(new ProcessPaymentCommand(payment, new OrderId("o-" + payment), AMOUNT, TOKEN));
    }

    private List<Object> eventsOf(PaymentId payment) {
        return axon.eventStore().readEvents(payment.value()).asStream().map(message -> (Object) message.getPayload()).toList();
    }

    private long count(PaymentId payment, Class<?> type) {
        return eventsOf(payment).stream().filter(type::isInstance).count();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void theCommandRecordsTheAttemptAndTheProcessorRecordsTheGatewaysAnswer() throws InterruptedException {
        start(provider);
        PaymentId payment = aPayment();

        pay(payment);

        await("the approval", () -> count(payment, PaymentApprovedEvent.class) == 1);
        assertThat(eventsOf(payment)).hasExactlyElementsOfTypes(PaymentRequestedEvent.class,
                PaymentAttemptRequestedEvent.class, PaymentApprovedEvent.class);
        assertThat(provider.charges()).isEqualTo(1);
    }

    @Test
    void anAnswerLostAfterTheChargeIsAskedForAgainWithTheSameKeyAndChargedOnce() throws InterruptedException {
        AtomicInteger lost = new AtomicInteger();
        start(provider, (unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getPayload() instanceof RecordAuthorisationCommand && lost.getAndIncrement() == 0) {
                throw new IllegalStateException("The process died before the gateway's answer was stored");
            }
            return chain.proceed();
        });
        PaymentId payment = aPayment();

        pay(payment);

        await("the approval", () -> count(payment, PaymentApprovedEvent.class) == 1);
        assertThat(lost).as("answers handed to the payment").hasValueGreaterThanOrEqualTo(2);
        assertThat(provider.charges()).as("charges made at the provider").isEqualTo(1);
        assertThat(count(payment, PaymentApprovedEvent.class)).isEqualTo(1);
    }

    /** As in production: the provider behind our time limit and circuit breaker. */
    private static ResilientPaymentGateway protecting(PaymentGateway network) {
        return new ResilientPaymentGateway(network,
                new PaymentGatewayProperties(Duration.ofMillis(200), 4, 50, 4, 4, Duration.ofMinutes(1)));
    }

    @Test
    void aChargeWhoseAnswerTimedOutIsApprovedOnTheRetryWithoutASecondCharge() throws InterruptedException {
        AnswerLostGateway network = new AnswerLostGateway(provider, AnswerLostGateway.Call.CHARGE);
        try (ResilientPaymentGateway gateway = protecting(network)) {
            start(gateway);
            PaymentId payment = aPayment();
            pay(payment);
            await("the first attempt recorded unavailable", () -> count(payment, PaymentUnavailableEvent.class) == 1);
            network.awaitTheProviderActed();

            axon.commandGateway().sendAndWait(new RetryPaymentCommand(payment));

            await("the approval", () -> count(payment, PaymentApprovedEvent.class) == 1);
        }
        assertThat(provider.charges()).as("charges made at the provider").isEqualTo(1);
    }

    @Test
    void aRefundWhoseAnswerTimedOutIsTriedAgainAndRefundedOnce() throws InterruptedException {
        AnswerLostGateway network = new AnswerLostGateway(provider, AnswerLostGateway.Call.REFUND);
        try (ResilientPaymentGateway gateway = protecting(network)) {
            start(gateway);
            PaymentId payment = aPayment();
            pay(payment);
            await("the approval", () -> count(payment, PaymentApprovedEvent.class) == 1);

            axon.commandGateway().sendAndWait(new RefundPaymentCommand(payment, "CUSTOMER_CANCELLED"));

            network.awaitTheProviderActed();
            await("the refund", () -> count(payment, PaymentRefundedEvent.class) == 1);
        }
        assertThat(provider.refunds()).as("refunds made at the provider").isEqualTo(1);
    }

    @Test
    void aRefundTheGatewayCannotTakeIsRetriedUntilItGoesThroughWhileChargesGoOn() throws InterruptedException {
        RefundsDown gateway = new RefundsDown(provider);
        start(gateway);
        PaymentId refunded = aPayment();
        pay(refunded);
        await("the approval", () -> count(refunded, PaymentApprovedEvent.class) == 1);

        gateway.down.set(true);
        axon.commandGateway().sendAndWait(new RefundPaymentCommand(refunded, "CUSTOMER_CANCELLED"));
        await("a refund refused by the gateway", () -> gateway.refused.get() >= 1);
        PaymentId charged = aPayment();
        pay(charged);
        await("the approval of another payment", () -> count(charged, PaymentApprovedEvent.class) == 1);
        assertThat(count(refunded, PaymentRefundedEvent.class)).as("refunded while the gateway refuses").isZero();

        gateway.down.set(false);
        await("the refund", () -> count(refunded, PaymentRefundedEvent.class) == 1);
        assertThat(provider.refunds()).as("refunds made at the provider").isEqualTo(1);
    }

    @Test
    void aNewProcessorDoesNotCallTheGatewayForRequestsOlderThanItsLookBack() throws InterruptedException {
        PaymentId old = aPayment();
        OrderId oldOrder = new OrderId("o-old");
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        storage.appendEvents(
                new GenericDomainEventMessage<>("Payment", old.value(), 0,
                        new PaymentRequestedEvent(old, oldOrder, AMOUNT, TOKEN), Map.of(), UUID.randomUUID().toString(), anHourAgo),
                new GenericDomainEventMessage<>("Payment", old.value(), 1,
                        new PaymentAttemptRequestedEvent(old, oldOrder, 1, AMOUNT, TOKEN), Map.of(),
                        UUID.randomUUID().toString(), anHourAgo));
        start(provider);
        PaymentId recent = aPayment();

        pay(recent);

        // One segment: the processor reads the store in order, so the old request came first.
        await("the approval of the new payment", () -> count(recent, PaymentApprovedEvent.class) == 1);
        assertThat(eventsOf(old)).as("the old payment's events").hasSize(2);
        assertThat(provider.charges()).as("charges made at the provider").isEqualTo(1);
    }

    /** The provider, except that it cannot be reached for refunds while {@link #down} is set. */
    private static final class RefundsDown implements PaymentGateway {

        private final PaymentGateway provider;
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicInteger refused = new AtomicInteger();

        RefundsDown(PaymentGateway provider) {
            this.provider = provider;
        }

        @Override
        public Authorisation authorise(IdempotencyKey key, PaymentId paymentId, Money amount, String paymentToken) {
            return provider.authorise(key, paymentId, amount, paymentToken);
        }

        @Override
        public void refund(IdempotencyKey key, PaymentId paymentId, Money amount) {
            if (down.get()) {
                refused.incrementAndGet();
                throw new PaymentGatewayUnavailableException("Refunds are down");
            }
            provider.refund(key, paymentId, amount);
        }
    }
}
