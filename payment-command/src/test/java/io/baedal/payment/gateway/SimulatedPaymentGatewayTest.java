package io.baedal.payment.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.payment.PaymentId;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatedPaymentGatewayTest {

    private static final PaymentId PAYMENT = new PaymentId("p-1");
    private static final Money AMOUNT = Money.of("25000", "KRW");
    private static final IdempotencyKey CHARGE = IdempotencyKey.forCharge(PAYMENT);
    private static final IdempotencyKey REFUND = IdempotencyKey.forRefund(PAYMENT);

    private final SimulatedPaymentGateway gateway =
            new SimulatedPaymentGateway(new SimulatedPaymentGatewayProperties(Duration.ZERO, 0, 1));

    @Test
    void aChargeSentAgainWithItsKeyGetsTheRecordedApprovalAndChargesNothingMore() {
        PaymentGateway.Authorisation first = gateway.authorise(CHARGE, PAYMENT, AMOUNT, "tok-visa");
        PaymentGateway.Authorisation again = gateway.authorise(CHARGE, PAYMENT, AMOUNT, "tok-visa");

        assertThat(again).isEqualTo(first).isEqualTo(PaymentGateway.Authorisation.approvedWith("SIM-p-1"));
        assertThat(gateway.charges()).isEqualTo(1);
    }

    @Test
    void eachPaymentIsChargedUnderItsOwnKey() {
        PaymentId other = new PaymentId("p-2");
        gateway.authorise(CHARGE, PAYMENT, AMOUNT, "tok-visa");
        gateway.authorise(IdempotencyKey.forCharge(other), other, AMOUNT, "tok-visa");

        assertThat(gateway.charges()).isEqualTo(2);
    }

    @Test
    void aDeclineIsRecordedButChargesNothing() {
        PaymentGateway.Authorisation first = gateway.authorise(CHARGE, PAYMENT, AMOUNT, "decline-insufficient-funds");
        PaymentGateway.Authorisation again = gateway.authorise(CHARGE, PAYMENT, AMOUNT, "decline-insufficient-funds");

        assertThat(first.approved()).isFalse();
        assertThat(again).isEqualTo(first);
        assertThat(gateway.charges()).isZero();
    }

    @Test
    void aKeySentAgainWithAnotherRequestIsRefused() {
        gateway.authorise(CHARGE, PAYMENT, AMOUNT, "tok-visa");

        assertThatThrownBy(() -> gateway.authorise(CHARGE, PAYMENT, Money.of("1", "KRW"), "tok-visa"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("used for another request");
        assertThat(gateway.charges()).isEqualTo(1);
    }

    @Test
    void aRefundSentAgainWithItsKeyRefundsOnce() {
        gateway.authorise(CHARGE, PAYMENT, AMOUNT, "tok-visa");
        gateway.refund(REFUND, PAYMENT, AMOUNT);
        gateway.refund(REFUND, PAYMENT, AMOUNT);

        assertThat(gateway.refunds()).isEqualTo(1);
    }

    @Test
    void anOutageRecordsNothingUnderTheKey() {
        assertThatThrownBy(() -> gateway.authorise(CHARGE, PAYMENT, AMOUNT, "unavailable-card"))
                .isInstanceOf(PaymentGatewayUnavailableException.class);

        assertThat(gateway.charges()).isZero();
        assertThat(gateway.authorise(CHARGE, PAYMENT, AMOUNT, "tok-visa").approved()).isTrue();
        assertThat(gateway.charges()).isEqualTo(1);
    }

    @Test
    void theOldestKeyIsForgottenOnceMoreThanTheKeptNumberCameAfterIt() {
        gateway.authorise(CHARGE, PAYMENT, AMOUNT, "tok-visa");
        for (int i = 0; i < SimulatedPaymentGateway.KEYS_KEPT; i++) {
            PaymentId other = new PaymentId("other-" + i);
            gateway.authorise(IdempotencyKey.forCharge(other), other, AMOUNT, "tok-visa");
        }

        gateway.authorise(CHARGE, PAYMENT, AMOUNT, "tok-visa");
        assertThat(gateway.charges()).isEqualTo(SimulatedPaymentGateway.KEYS_KEPT + 2);
    }
}
