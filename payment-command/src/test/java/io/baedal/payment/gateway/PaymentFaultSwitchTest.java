package io.baedal.payment.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.payment.PaymentId;
import io.baedal.platform.faults.FaultSwitches.PaymentFaults;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The payment fault switches act on the simulated provider at run time, and off again means off. */
class PaymentFaultSwitchTest {

    private static final PaymentId PAYMENT = new PaymentId("p-1");
    private static final Money AMOUNT = Money.of("25000", "KRW");
    private static final IdempotencyKey CHARGE = IdempotencyKey.forCharge(PAYMENT);

    private final AtomicReference<PaymentFaults> switches = new AtomicReference<>(PaymentFaults.NONE);
    private final SimulatedPaymentGateway provider = new SimulatedPaymentGateway(
            new SimulatedPaymentGatewayProperties(Duration.ZERO, 0, 1), switches::get);

    @Test
    void anOutageFailsEveryCallBeforeTheProviderActsUntilItIsSwitchedOff() {
        switches.set(new PaymentFaults(0, null, true));

        assertThatThrownBy(() -> provider.authorise(CHARGE, PAYMENT, AMOUNT, "tok-visa"))
                .isInstanceOf(PaymentGatewayUnavailableException.class).hasMessageContaining("outage");
        assertThatThrownBy(() -> provider.refund(IdempotencyKey.forRefund(PAYMENT), PAYMENT, AMOUNT))
                .isInstanceOf(PaymentGatewayUnavailableException.class);
        assertThat(provider.charges()).isZero();

        switches.set(PaymentFaults.NONE);
        assertThat(provider.authorise(CHARGE, PAYMENT, AMOUNT, "tok-visa").approved()).isTrue();
        assertThat(provider.charges()).isEqualTo(1);
    }

    @Test
    void aFailureRateOfOneFailsEveryCallAndZeroNone() {
        switches.set(new PaymentFaults(1.0, null, false));
        for (int call = 0; call < 20; call++) {
            assertThatThrownBy(() -> provider.authorise(CHARGE, PAYMENT, AMOUNT, "tok-visa"))
                    .isInstanceOf(PaymentGatewayUnavailableException.class);
        }
        assertThat(provider.charges()).isZero();

        switches.set(new PaymentFaults(0, null, false));
        assertThat(provider.authorise(CHARGE, PAYMENT, AMOUNT, "tok-visa").approved()).isTrue();
    }

    /**
     * Latency above our timeout: the call counts as unavailable, the provider charges anyway once
     * it gets there, and the retry with the same key after the switch is off gets that approval.
     */
    @Test
    void latencyAboveTheTimeoutTimesOutWhileTheProviderStillChargesOnce() throws InterruptedException {
        switches.set(new PaymentFaults(0, Duration.ofMillis(400), false));
        try (ResilientPaymentGateway gateway = new ResilientPaymentGateway(provider,
                new PaymentGatewayProperties(Duration.ofMillis(100), 4, 50, 10, 10, Duration.ofSeconds(10)))) {
            assertThatThrownBy(() -> gateway.authorise(CHARGE, PAYMENT, AMOUNT, "tok-visa"))
                    .isInstanceOf(PaymentGatewayUnavailableException.class).hasMessageContaining("did not answer");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (provider.charges() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(provider.charges()).as("charges made at the provider after our timeout").isEqualTo(1);

            switches.set(PaymentFaults.NONE);
            assertThat(gateway.authorise(CHARGE, PAYMENT, AMOUNT, "tok-visa").approved()).isTrue();
        }
        assertThat(provider.charges()).as("charges made at the provider").isEqualTo(1);
    }
}
