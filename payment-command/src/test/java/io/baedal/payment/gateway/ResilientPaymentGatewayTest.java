package io.baedal.payment.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.payment.PaymentId;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResilientPaymentGatewayTest {

    private static final Money AMOUNT = Money.of("10000", "KRW");
    private static final PaymentGatewayProperties PROTECTION =
            new PaymentGatewayProperties(Duration.ofMillis(200), 4, 50, 4, 4, Duration.ofMinutes(1));

    private static ResilientPaymentGateway gateway(Duration latency, double failureRate) {
        return new ResilientPaymentGateway(
                new SimulatedPaymentGateway(new SimulatedPaymentGatewayProperties(latency, failureRate, 7)), PROTECTION);
    }

    private static PaymentGateway.Authorisation authorise(PaymentGateway gateway, String paymentId, String token) {
        PaymentId payment = new PaymentId(paymentId);
        return gateway.authorise(IdempotencyKey.forCharge(payment), payment, AMOUNT, token);
    }

    @Test
    void aDeclineIsAnAnswerNotAFailure() {
        try (ResilientPaymentGateway gateway = gateway(Duration.ZERO, 0)) {
            for (int i = 0; i < 10; i++) {
                assertThat(authorise(gateway, "p-" + i, "decline-me").approved()).isFalse();
            }
            assertThat(gateway.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        }
    }

    @Test
    void aSlowProviderTimesOutAsUnavailable() {
        try (ResilientPaymentGateway gateway = gateway(Duration.ofSeconds(2), 0)) {
            assertThatThrownBy(() -> authorise(gateway, "p-1", "tok"))
                    .isInstanceOf(PaymentGatewayUnavailableException.class)
                    .hasMessageContaining("did not answer");
        }
    }

    @Test
    void aFailingProviderOpensTheCircuitAndLaterCallsFailFast() {
        try (ResilientPaymentGateway gateway = gateway(Duration.ZERO, 1)) {
            for (int i = 0; i < PROTECTION.minimumNumberOfCalls(); i++) {
                int attempt = i;
                assertThatThrownBy(() -> authorise(gateway, "p-" + attempt, "tok"))
                        .isInstanceOf(PaymentGatewayUnavailableException.class);
            }

            assertThat(gateway.state()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThatThrownBy(() -> authorise(gateway, "p-next", "tok"))
                    .isInstanceOf(PaymentGatewayUnavailableException.class)
                    .hasMessageContaining("circuit is open");
        }
    }
}
