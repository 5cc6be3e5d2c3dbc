package io.baedal.payment;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.payment.PaymentApprovedEvent;
import io.baedal.coreapi.payment.PaymentAttemptRequestedEvent;
import io.baedal.coreapi.payment.PaymentDeclinedEvent;
import io.baedal.coreapi.payment.PaymentId;
import io.baedal.coreapi.payment.PaymentRefundRequestedEvent;
import io.baedal.coreapi.payment.PaymentRefundedEvent;
import io.baedal.coreapi.payment.PaymentRequestedEvent;
import io.baedal.coreapi.payment.PaymentUnavailableEvent;
import io.baedal.coreapi.payment.ProcessPaymentCommand;
import io.baedal.coreapi.payment.RecordAuthorisationCommand;
import io.baedal.coreapi.payment.RecordPaymentUnavailableCommand;
import io.baedal.coreapi.payment.RecordRefundCommand;
import io.baedal.coreapi.payment.RefundPaymentCommand;
import io.baedal.coreapi.payment.RetryPaymentCommand;
import io.baedal.platform.axon.CommandErrorInterceptor;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The payment decides and records; the gateway's answers come in as commands ({@link GatewayCharges}, {@link GatewayRefunds}). */
class PaymentTest {

    private static final PaymentId PAYMENT = new PaymentId("p-1");
    private static final OrderId ORDER = new OrderId("o-1");
    private static final Money AMOUNT = Money.of("25000", "KRW");
    private static final String TOKEN = "tok-visa";
    private static final String UNAVAILABLE = "Simulated gateway unavailable during authorise p-1";

    private static final PaymentRequestedEvent REQUESTED = new PaymentRequestedEvent(PAYMENT, ORDER, AMOUNT, TOKEN);
    private static final PaymentAttemptRequestedEvent FIRST_ATTEMPT = attempt(1);
    private static final PaymentUnavailableEvent FIRST_UNAVAILABLE = new PaymentUnavailableEvent(PAYMENT, ORDER, 1, UNAVAILABLE);
    private static final PaymentApprovedEvent APPROVED = new PaymentApprovedEvent(PAYMENT, ORDER, AMOUNT, "SIM-p-1");
    private static final PaymentRefundRequestedEvent REFUND_REQUESTED =
            new PaymentRefundRequestedEvent(PAYMENT, ORDER, AMOUNT, "RESTAURANT_REJECTED");

    private FixtureConfiguration<Payment> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(Payment.class);
        fixture.registerCommandHandlerInterceptor(new CommandErrorInterceptor());
    }

    private static PaymentAttemptRequestedEvent attempt(int number) {
        return new PaymentAttemptRequestedEvent(PAYMENT, ORDER, number, AMOUNT, TOKEN);
    }

    // --- asking for attempts ---------------------------------------------------------------------

    @Test
    void aNewPaymentAsksForItsFirstAttemptAndWaitsForNoGateway() {
        fixture.givenNoPriorActivity()
                .when(new ProcessPaymentCommand(PAYMENT, ORDER, AMOUNT, TOKEN))
                .expectSuccessfulHandlerExecution()
                .expectEvents(REQUESTED, FIRST_ATTEMPT);
    }

    @Test
    void aRetryAfterAnUnavailableGatewayAsksForTheNextAttempt() {
        fixture.given(REQUESTED, FIRST_ATTEMPT, FIRST_UNAVAILABLE)
                .when(new RetryPaymentCommand(PAYMENT))
                .expectEvents(attempt(2));
    }

    @Test
    void aRetryWhileAnAttemptIsUnderWayAsksForNothingMore() {
        fixture.given(REQUESTED, FIRST_ATTEMPT, FIRST_UNAVAILABLE, attempt(2))
                .when(new RetryPaymentCommand(PAYMENT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aRetryOfAnApprovedPaymentIsRefused() {
        fixture.given(REQUESTED, FIRST_ATTEMPT, APPROVED)
                .when(new RetryPaymentCommand(PAYMENT))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.ILLEGAL_PAYMENT_STATE.name())
                .expectNoEvents();
    }

    @Test
    void aPaymentStoredBeforeAttemptsWereEventsIsRetriedWithItsNextAttempt() {
        fixture.given(REQUESTED, new PaymentUnavailableEvent(PAYMENT, ORDER, 1, UNAVAILABLE),
                        new PaymentUnavailableEvent(PAYMENT, ORDER, 2, UNAVAILABLE))
                .when(new RetryPaymentCommand(PAYMENT))
                .expectEvents(attempt(3));
    }

    @Test
    void aZeroAmountIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new ProcessPaymentCommand(PAYMENT, ORDER, Money.of("0", "KRW"), TOKEN))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.VALIDATION_FAILED.name())
                .expectNoEvents();
    }

    @Test
    void aBlankTokenIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new ProcessPaymentCommand(PAYMENT, ORDER, AMOUNT, " "))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.VALIDATION_FAILED.name())
                .expectNoEvents();
    }

    // --- recording the gateway's answers ---------------------------------------------------------

    @Test
    void anApprovalIsRecorded() {
        fixture.given(REQUESTED, FIRST_ATTEMPT)
                .when(new RecordAuthorisationCommand(PAYMENT, 1, true, "SIM-p-1"))
                .expectEvents(APPROVED);
    }

    @Test
    void aDeclineIsRecorded() {
        fixture.given(REQUESTED, FIRST_ATTEMPT)
                .when(new RecordAuthorisationCommand(PAYMENT, 1, false, "Card declined"))
                .expectEvents(new PaymentDeclinedEvent(PAYMENT, ORDER, "Card declined"));
    }

    @Test
    void anUnavailableGatewayLeavesThePaymentPendingForARetry() {
        fixture.given(REQUESTED, FIRST_ATTEMPT)
                .when(new RecordPaymentUnavailableCommand(PAYMENT, 1, UNAVAILABLE))
                .expectEvents(FIRST_UNAVAILABLE);
    }

    @Test
    void anApprovalRecordedTwiceIsRecordedOnce() {
        fixture.given(REQUESTED, FIRST_ATTEMPT, APPROVED)
                .when(new RecordAuthorisationCommand(PAYMENT, 1, true, "SIM-p-1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anUnavailableAttemptRecordedTwiceIsRecordedOnce() {
        fixture.given(REQUESTED, FIRST_ATTEMPT, FIRST_UNAVAILABLE)
                .when(new RecordPaymentUnavailableCommand(PAYMENT, 1, UNAVAILABLE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aDeclineAfterTheApprovalChangesNothing() {
        fixture.given(REQUESTED, FIRST_ATTEMPT, APPROVED)
                .when(new RecordAuthorisationCommand(PAYMENT, 1, false, "declined"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anApprovalOfAnEarlierAttemptThatCameTooLateIsStillRecorded() {
        fixture.given(REQUESTED, FIRST_ATTEMPT, FIRST_UNAVAILABLE, attempt(2))
                .when(new RecordAuthorisationCommand(PAYMENT, 1, true, "SIM-p-1"))
                .expectEvents(APPROVED);
    }

    @Test
    void anEarlierAttemptDoesNotTurnUnavailableAgain() {
        fixture.given(REQUESTED, FIRST_ATTEMPT, FIRST_UNAVAILABLE, attempt(2))
                .when(new RecordPaymentUnavailableCommand(PAYMENT, 1, UNAVAILABLE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anAnswerToAnAttemptNeverAskedForIsRefused() {
        fixture.given(REQUESTED, FIRST_ATTEMPT)
                .when(new RecordAuthorisationCommand(PAYMENT, 2, true, "SIM-p-1"))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.ILLEGAL_PAYMENT_STATE.name())
                .expectNoEvents();
    }

    // --- refunds --------------------------------------------------------------------------------

    @Test
    void anApprovedPaymentAsksForItsRefund() {
        fixture.given(REQUESTED, FIRST_ATTEMPT, APPROVED)
                .when(new RefundPaymentCommand(PAYMENT, "RESTAURANT_REJECTED"))
                .expectEvents(REFUND_REQUESTED);
    }

    @Test
    void aPaymentApprovedBeforeAttemptsWereEventsAsksForItsRefund() {
        fixture.given(REQUESTED, APPROVED)
                .when(new RefundPaymentCommand(PAYMENT, "RESTAURANT_REJECTED"))
                .expectEvents(REFUND_REQUESTED);
    }

    @Test
    void aRefundIsRecordedWithTheReasonItWasAskedFor() {
        fixture.given(REQUESTED, FIRST_ATTEMPT, APPROVED, REFUND_REQUESTED)
                .when(new RecordRefundCommand(PAYMENT))
                .expectEvents(new PaymentRefundedEvent(PAYMENT, ORDER, AMOUNT, "RESTAURANT_REJECTED"));
    }

    @Test
    void aRefundAskedForAgainWhileUnderWayAsksForNothingMore() {
        fixture.given(REQUESTED, FIRST_ATTEMPT, APPROVED, REFUND_REQUESTED)
                .when(new RefundPaymentCommand(PAYMENT, "RESTAURANT_REJECTED"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aRefundRecordedTwiceIsRecordedOnce() {
        fixture.given(REQUESTED, FIRST_ATTEMPT, APPROVED, REFUND_REQUESTED,
                        new PaymentRefundedEvent(PAYMENT, ORDER, AMOUNT, "RESTAURANT_REJECTED"))
                .when(new RecordRefundCommand(PAYMENT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aRefundNobodyAskedForIsRefused() {
        fixture.given(REQUESTED, FIRST_ATTEMPT, APPROVED)
                .when(new RecordRefundCommand(PAYMENT))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.ILLEGAL_PAYMENT_STATE.name())
                .expectNoEvents();
    }

    @Test
    void aPaymentIsRefundedOnlyOnce() {
        fixture.given(REQUESTED, FIRST_ATTEMPT, APPROVED, REFUND_REQUESTED,
                        new PaymentRefundedEvent(PAYMENT, ORDER, AMOUNT, "RESTAURANT_REJECTED"))
                .when(new RefundPaymentCommand(PAYMENT, "CUSTOMER_CANCELLED"))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.ILLEGAL_PAYMENT_STATE.name())
                .expectNoEvents();
    }

    @Test
    void aDeclinedPaymentCannotBeRefunded() {
        fixture.given(REQUESTED, FIRST_ATTEMPT, new PaymentDeclinedEvent(PAYMENT, ORDER, "declined"))
                .when(new RefundPaymentCommand(PAYMENT, "CUSTOMER_CANCELLED"))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.ILLEGAL_PAYMENT_STATE.name())
                .expectNoEvents();
    }

    @Test
    void aPendingPaymentCannotBeRefunded() {
        fixture.given(REQUESTED, FIRST_ATTEMPT)
                .when(new RefundPaymentCommand(PAYMENT, "CUSTOMER_CANCELLED"))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.ILLEGAL_PAYMENT_STATE.name())
                .expectNoEvents();
    }

    @Test
    void commandsOnAnUnknownPaymentAreNotFound() {
        fixture.givenNoPriorActivity()
                .when(new RefundPaymentCommand(PAYMENT, "x"))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.PAYMENT_NOT_FOUND.name());
    }
}
