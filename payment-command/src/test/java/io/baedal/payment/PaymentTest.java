package io.baedal.payment;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.payment.PaymentApprovedEvent;
import io.baedal.coreapi.payment.PaymentDeclinedEvent;
import io.baedal.coreapi.payment.PaymentId;
import io.baedal.coreapi.payment.PaymentRefundedEvent;
import io.baedal.coreapi.payment.PaymentRequestedEvent;
import io.baedal.coreapi.payment.PaymentUnavailableEvent;
import io.baedal.coreapi.payment.ProcessPaymentCommand;
import io.baedal.coreapi.payment.RefundPaymentCommand;
import io.baedal.coreapi.payment.RetryPaymentCommand;
import io.baedal.payment.gateway.PaymentGateway;
import io.baedal.payment.gateway.SimulatedPaymentGateway;
import io.baedal.payment.gateway.SimulatedPaymentGatewayProperties;
import io.baedal.platform.axon.CommandErrorInterceptor;
import java.time.Duration;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;

class PaymentTest {

    private static final PaymentId PAYMENT = new PaymentId("p-1");
    private static final OrderId ORDER = new OrderId("o-1");
    private static final Money AMOUNT = Money.of("25000", "KRW");
    private static final String GOOD_TOKEN = "tok-visa";
    private static final String DECLINED_TOKEN = "decline-insufficient-funds";
    private static final String UNAVAILABLE = "Simulated gateway unavailable during authorise p-1";

    private static final PaymentRequestedEvent REQUESTED = new PaymentRequestedEvent(PAYMENT, ORDER, AMOUNT, GOOD_TOKEN);
    private static final PaymentApprovedEvent APPROVED = new PaymentApprovedEvent(PAYMENT, ORDER, AMOUNT, "SIM-p-1");

    private static FixtureConfiguration<Payment> withGateway(PaymentGateway gateway) {
        FixtureConfiguration<Payment> fixture = new AggregateTestFixture<>(Payment.class);
        fixture.registerInjectableResource(gateway);
        fixture.registerCommandHandlerInterceptor(new CommandErrorInterceptor());
        return fixture;
    }

    private static FixtureConfiguration<Payment> workingGateway() {
        return withGateway(new SimulatedPaymentGateway(new SimulatedPaymentGatewayProperties(Duration.ZERO, 0, 1)));
    }

    private static FixtureConfiguration<Payment> unavailableGateway() {
        return withGateway(new SimulatedPaymentGateway(new SimulatedPaymentGatewayProperties(Duration.ZERO, 1, 1)));
    }

    @Test
    void aGoodTokenIsApproved() {
        workingGateway().givenNoPriorActivity()
                .when(new ProcessPaymentCommand(PAYMENT, ORDER, AMOUNT, GOOD_TOKEN))
                .expectEvents(REQUESTED, APPROVED);
    }

    @Test
    void aTokenStartingWithDeclineIsDeclined() {
        workingGateway().givenNoPriorActivity()
                .when(new ProcessPaymentCommand(PAYMENT, ORDER, AMOUNT, DECLINED_TOKEN))
                .expectEvents(new PaymentRequestedEvent(PAYMENT, ORDER, AMOUNT, DECLINED_TOKEN),
                        new PaymentDeclinedEvent(PAYMENT, ORDER, "Card declined by the simulated gateway"));
    }

    @Test
    void anUnavailableGatewayLeavesThePaymentPendingForARetry() {
        unavailableGateway().givenNoPriorActivity()
                .when(new ProcessPaymentCommand(PAYMENT, ORDER, AMOUNT, GOOD_TOKEN))
                .expectEvents(REQUESTED, new PaymentUnavailableEvent(PAYMENT, ORDER, 1, UNAVAILABLE));
    }

    @Test
    void aTokenStartingWithUnavailableSimulatesAnOutage() {
        workingGateway().givenNoPriorActivity()
                .when(new ProcessPaymentCommand(PAYMENT, ORDER, AMOUNT, "unavailable-card"))
                .expectEvents(new PaymentRequestedEvent(PAYMENT, ORDER, AMOUNT, "unavailable-card"),
                        new PaymentUnavailableEvent(PAYMENT, ORDER, 1, "Simulated outage for payment p-1"));
    }

    @Test
    void aTokenStartingWithErrorFailsTheCommandAndRecordsNothing() {
        workingGateway().givenNoPriorActivity()
                .when(new ProcessPaymentCommand(PAYMENT, ORDER, AMOUNT, "error-garbage"))
                .expectException(IllegalStateException.class)
                .expectNoEvents();
    }

    @Test
    void aRetryOnAWorkingGatewayApproves() {
        workingGateway().given(REQUESTED, new PaymentUnavailableEvent(PAYMENT, ORDER, 1, UNAVAILABLE))
                .when(new RetryPaymentCommand(PAYMENT))
                .expectEvents(APPROVED);
    }

    @Test
    void aRetryOnAnUnavailableGatewayCountsTheAttempt() {
        unavailableGateway().given(REQUESTED, new PaymentUnavailableEvent(PAYMENT, ORDER, 1, UNAVAILABLE))
                .when(new RetryPaymentCommand(PAYMENT))
                .expectEvents(new PaymentUnavailableEvent(PAYMENT, ORDER, 2, UNAVAILABLE));
    }

    @Test
    void aRetryOfAnApprovedPaymentIsRefused() {
        workingGateway().given(REQUESTED, APPROVED)
                .when(new RetryPaymentCommand(PAYMENT))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.ILLEGAL_PAYMENT_STATE.name())
                .expectNoEvents();
    }

    @Test
    void anApprovedPaymentIsRefunded() {
        workingGateway().given(REQUESTED, APPROVED)
                .when(new RefundPaymentCommand(PAYMENT, "RESTAURANT_REJECTED"))
                .expectEvents(new PaymentRefundedEvent(PAYMENT, ORDER, AMOUNT, "RESTAURANT_REJECTED"));
    }

    @Test
    void aPaymentIsRefundedOnlyOnce() {
        workingGateway().given(REQUESTED, APPROVED, new PaymentRefundedEvent(PAYMENT, ORDER, AMOUNT, "CUSTOMER_CANCELLED"))
                .when(new RefundPaymentCommand(PAYMENT, "CUSTOMER_CANCELLED"))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.ILLEGAL_PAYMENT_STATE.name())
                .expectNoEvents();
    }

    @Test
    void aDeclinedPaymentCannotBeRefunded() {
        workingGateway().given(REQUESTED, new PaymentDeclinedEvent(PAYMENT, ORDER, "declined"))
                .when(new RefundPaymentCommand(PAYMENT, "CUSTOMER_CANCELLED"))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.ILLEGAL_PAYMENT_STATE.name())
                .expectNoEvents();
    }

    @Test
    void aPendingPaymentCannotBeRefunded() {
        workingGateway().given(REQUESTED, new PaymentUnavailableEvent(PAYMENT, ORDER, 1, UNAVAILABLE))
                .when(new RefundPaymentCommand(PAYMENT, "CUSTOMER_CANCELLED"))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.ILLEGAL_PAYMENT_STATE.name())
                .expectNoEvents();
    }

    @Test
    void aRefundWhileTheGatewayIsDownFailsWithoutRecordingARefund() {
        unavailableGateway().given(REQUESTED, APPROVED)
                .when(new RefundPaymentCommand(PAYMENT, "CUSTOMER_CANCELLED"))
                .expectException(io.baedal.payment.gateway.PaymentGatewayUnavailableException.class)
                .expectNoEvents();
    }

    @Test
    void aZeroAmountIsRefused() {
        workingGateway().givenNoPriorActivity()
                .when(new ProcessPaymentCommand(PAYMENT, ORDER, Money.of("0", "KRW"), GOOD_TOKEN))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.VALIDATION_FAILED.name())
                .expectNoEvents();
    }

    @Test
    void aBlankTokenIsRefused() {
        workingGateway().givenNoPriorActivity()
                .when(new ProcessPaymentCommand(PAYMENT, ORDER, AMOUNT, " "))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.VALIDATION_FAILED.name())
                .expectNoEvents();
    }

    @Test
    void commandsOnAnUnknownPaymentAreNotFound() {
        workingGateway().givenNoPriorActivity()
                .when(new RefundPaymentCommand(PAYMENT, "x"))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.PAYMENT_NOT_FOUND.name());
    }
}
