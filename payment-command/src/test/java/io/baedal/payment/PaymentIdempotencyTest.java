package io.baedal.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.payment.PaymentApprovedEvent;
import io.baedal.coreapi.payment.PaymentId;
import io.baedal.coreapi.payment.PaymentRefundedEvent;
import io.baedal.coreapi.payment.PaymentRequestedEvent;
import io.baedal.coreapi.payment.PaymentUnavailableEvent;
import io.baedal.coreapi.payment.ProcessPaymentCommand;
import io.baedal.coreapi.payment.RefundPaymentCommand;
import io.baedal.coreapi.payment.RetryPaymentCommand;
import io.baedal.payment.gateway.IdempotencyKey;
import io.baedal.payment.gateway.PaymentGateway;
import io.baedal.payment.gateway.PaymentGatewayProperties;
import io.baedal.payment.gateway.PaymentGatewayUnavailableException;
import io.baedal.payment.gateway.ResilientPaymentGateway;
import io.baedal.payment.gateway.SimulatedPaymentGateway;
import io.baedal.payment.gateway.SimulatedPaymentGatewayProperties;
import io.baedal.platform.axon.CommandErrorInterceptor;
import java.time.Duration;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The provider acted but its answer never reached our event store: the retry the saga sends
 * carries the same key, gets the provider's first answer, and the customer is charged (or
 * refunded) once. Each test takes the two steps of the story on one provider.
 */
class PaymentIdempotencyTest {

    private static final PaymentId PAYMENT = new PaymentId("p-1");
    private static final OrderId ORDER = new OrderId("o-1");
    private static final Money AMOUNT = Money.of("25000", "KRW");
    private static final String TOKEN = "tok-visa";
    private static final Duration TIMEOUT = Duration.ofMillis(200);

    private static final ProcessPaymentCommand PROCESS = new ProcessPaymentCommand(PAYMENT, ORDER, AMOUNT, TOKEN);
    private static final PaymentRequestedEvent REQUESTED = new PaymentRequestedEvent(PAYMENT, ORDER, AMOUNT, TOKEN);
    private static final PaymentApprovedEvent APPROVED = new PaymentApprovedEvent(PAYMENT, ORDER, AMOUNT, "SIM-p-1");
    private static final PaymentUnavailableEvent TIMED_OUT = new PaymentUnavailableEvent(PAYMENT, ORDER, 1,
            "Payment gateway did not answer within " + TIMEOUT);

    private final SimulatedPaymentGateway provider =
            new SimulatedPaymentGateway(new SimulatedPaymentGatewayProperties(Duration.ZERO, 0, 1));

    private static FixtureConfiguration<Payment> withGateway(PaymentGateway gateway) {
        FixtureConfiguration<Payment> fixture = new AggregateTestFixture<>(Payment.class);
        fixture.registerInjectableResource(gateway);
        fixture.registerCommandHandlerInterceptor(new CommandErrorInterceptor());
        return fixture;
    }

    /** As in production: the provider behind our time limit and circuit breaker. */
    private static ResilientPaymentGateway protecting(PaymentGateway network) {
        return new ResilientPaymentGateway(network,
                new PaymentGatewayProperties(TIMEOUT, 4, 50, 4, 4, Duration.ofMinutes(1)));
    }

    @Test
    void aChargeWhoseAnswerTimedOutIsApprovedOnTheRetryWithoutASecondCharge() throws InterruptedException {
        AnswerLostGateway network = new AnswerLostGateway(provider, AnswerLostGateway.Loss.HANG);
        try (ResilientPaymentGateway gateway = protecting(network)) {
            withGateway(gateway).givenNoPriorActivity()
                    .when(PROCESS)
                    .expectEvents(REQUESTED, TIMED_OUT);
            network.awaitTheProviderActed();

            withGateway(gateway).given(REQUESTED, TIMED_OUT)
                    .when(new RetryPaymentCommand(PAYMENT))
                    .expectEvents(APPROVED);
        }
        assertThat(provider.charges()).as("charges made at the provider").isEqualTo(1);
    }

    @Test
    void aChargeWhoseAnswerWasLostInACrashIsApprovedWhenTheCommandIsSentAgainWithoutASecondCharge() {
        PaymentGateway network = new AnswerLostGateway(provider, AnswerLostGateway.Loss.CRASH);

        withGateway(network).givenNoPriorActivity()
                .when(PROCESS)
                .expectException(IllegalStateException.class)
                .expectNoEvents();

        withGateway(network).givenNoPriorActivity()
                .when(PROCESS)
                .expectEvents(REQUESTED, APPROVED);
        assertThat(provider.charges()).as("charges made at the provider").isEqualTo(1);
    }

    @Test
    void aRefundWhoseAnswerTimedOutIsRefundedOnceWhenRetried() throws InterruptedException {
        provider.authorise(IdempotencyKey.forCharge(PAYMENT), PAYMENT, AMOUNT, TOKEN);
        AnswerLostGateway network = new AnswerLostGateway(provider, AnswerLostGateway.Loss.HANG);
        try (ResilientPaymentGateway gateway = protecting(network)) {
            withGateway(gateway).given(REQUESTED, APPROVED)
                    .when(new RefundPaymentCommand(PAYMENT, "CUSTOMER_CANCELLED"))
                    .expectException(PaymentGatewayUnavailableException.class)
                    .expectNoEvents();
            network.awaitTheProviderActed();

            withGateway(gateway).given(REQUESTED, APPROVED)
                    .when(new RefundPaymentCommand(PAYMENT, "CUSTOMER_CANCELLED"))
                    .expectEvents(new PaymentRefundedEvent(PAYMENT, ORDER, AMOUNT, "CUSTOMER_CANCELLED"));
        }
        assertThat(provider.refunds()).as("refunds made at the provider").isEqualTo(1);
    }
}
