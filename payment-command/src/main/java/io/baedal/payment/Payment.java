package io.baedal.payment;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.error.DomainException;
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
import io.baedal.platform.axon.AxonPlatformConfiguration;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A charge for one order. Its commands only decide and record; nothing here waits for the payment
 * gateway. The saga's commands ask for an attempt ({@link ProcessPaymentCommand} for the first,
 * {@link RetryPaymentCommand} after the gateway was unavailable) or a refund, and
 * {@link GatewayCharges} and {@link GatewayRefunds} make the call and record its answer with the
 * {@code Record...} commands, which apply the outcome events the saga and the views react to:
 *
 * <pre>
 * ProcessPayment ─► Requested, AttemptRequested(1) ─► [gateway] ─► Approved | Declined | Unavailable(1)
 * RetryPayment   ─► AttemptRequested(n + 1)       ─► [gateway] ─► Approved | Declined | Unavailable(n + 1)
 * RefundPayment  ─► RefundRequested                ─► [gateway] ─► Refunded
 * </pre>
 *
 * <p>Rules: at most one attempt is under way at a time (a retry while one is asks for nothing
 * more). Approved and declined are final, and an answer recorded again is ignored (the gateway's
 * caller may be handed the same request twice). Unavailable is recorded only for the attempt under
 * way; approved or declined count even for an earlier attempt while the payment is pending (the
 * provider acted after we gave up waiting). Only an approved payment can be refunded, and only
 * once (a refund asked for again while it is under way asks for nothing more). Every attempt at
 * the charge, and at the refund, carries the same key derived from the payment: "unavailable" may
 * mean the provider acted and the answer was lost, and the retry must then get that answer rather
 * than charge or refund again.
 */
@Aggregate(cache = AxonPlatformConfiguration.AGGREGATE_CACHE)
class Payment {

    enum Status { PENDING, APPROVED, DECLINED, REFUNDING, REFUNDED }

    @AggregateIdentifier
    private PaymentId paymentId;
    private OrderId orderId;
    private Money amount;
    private String paymentToken;
    private Status status;
    /** The last attempt asked for (payments stored before attempts were events count their unavailable ones). */
    private int attempts;
    private boolean attemptUnderWay;
    private String refundReason;

    /** Axon needs a no-arg constructor to rebuild the aggregate from its events. */
    Payment() {
    }

    @CommandHandler
    Payment(ProcessPaymentCommand command) {
        if (command.amount() == null || !command.amount().isPositive()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "A payment needs a positive amount");
        }
        if (command.paymentToken() == null || command.paymentToken().isBlank()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "A payment needs a payment token");
        }
        apply(new PaymentRequestedEvent(command.paymentId(), command.orderId(), command.amount(),
                command.paymentToken()));
        apply(new PaymentAttemptRequestedEvent(command.paymentId(), command.orderId(), 1, command.amount(),
                command.paymentToken()));
    }

    @CommandHandler
    void handle(RetryPaymentCommand command) {
        if (status != Status.PENDING) {
            throw new DomainException(ErrorCode.ILLEGAL_PAYMENT_STATE,
                    "Payment " + paymentId + " is " + status + ", there is nothing to retry");
        }
        if (attemptUnderWay) {
            return;
        }
        apply(new PaymentAttemptRequestedEvent(paymentId, orderId, attempts + 1, amount, paymentToken));
    }

    @CommandHandler
    void handle(RefundPaymentCommand command) {
        if (status == Status.REFUNDING) {
            return;
        }
        if (status != Status.APPROVED) {
            throw new DomainException(ErrorCode.ILLEGAL_PAYMENT_STATE,
                    "Only an approved payment can be refunded; payment " + paymentId + " is " + status);
        }
        apply(new PaymentRefundRequestedEvent(paymentId, orderId, amount, command.reason()));
    }

    /**
     * A final answer counts whenever it comes while the payment is pending: the provider may have
     * charged after we gave up waiting for attempt {@code n} and recorded it unavailable, and then
     * the charge is the truth (the next attempt, with the same key, would get the same answer).
     */
    @CommandHandler
    void handle(RecordAuthorisationCommand command) {
        requireAskedFor(command.attempt());
        if (status != Status.PENDING) {
            return;
        }
        if (command.approved()) {
            apply(new PaymentApprovedEvent(paymentId, orderId, amount, command.reference()));
        } else {
            apply(new PaymentDeclinedEvent(paymentId, orderId, command.reference()));
        }
    }

    /** Only the attempt under way can turn out unavailable; an attempt whose outcome is in stays as it is. */
    @CommandHandler
    void handle(RecordPaymentUnavailableCommand command) {
        requireAskedFor(command.attempt());
        if (status == Status.PENDING && attemptUnderWay && command.attempt() == attempts) {
            apply(new PaymentUnavailableEvent(paymentId, orderId, command.attempt(), command.cause()));
        }
    }

    @CommandHandler
    void handle(RecordRefundCommand command) {
        switch (status) {
            case REFUNDING -> apply(new PaymentRefundedEvent(paymentId, orderId, amount, refundReason));
            case REFUNDED -> {
                // Recorded already: the gateway's caller was handed the request again.
            }
            default -> throw new DomainException(ErrorCode.ILLEGAL_PAYMENT_STATE,
                    "No refund of payment " + paymentId + " was asked for; it is " + status);
        }
    }

    /** An answer for an attempt never asked for is a bug in the gateway's caller. */
    private void requireAskedFor(int attempt) {
        if (attempt < 1 || attempt > attempts) {
            throw new DomainException(ErrorCode.ILLEGAL_PAYMENT_STATE,
                    "Payment " + paymentId + " has had " + attempts + " attempts, not " + attempt);
        }
    }

    @EventSourcingHandler
    void on(PaymentRequestedEvent event) {
        paymentId = event.paymentId();
        orderId = event.orderId();
        amount = event.amount();
        paymentToken = event.paymentToken();
        status = Status.PENDING;
    }

    @EventSourcingHandler
    void on(PaymentAttemptRequestedEvent event) {
        attempts = event.attempt();
        attemptUnderWay = true;
    }

    @EventSourcingHandler
    void on(PaymentApprovedEvent event) {
        attemptUnderWay = false;
        status = Status.APPROVED;
    }

    @EventSourcingHandler
    void on(PaymentDeclinedEvent event) {
        attemptUnderWay = false;
        status = Status.DECLINED;
    }

    @EventSourcingHandler
    void on(PaymentUnavailableEvent event) {
        attempts = event.attempt();
        attemptUnderWay = false;
    }

    @EventSourcingHandler
    void on(PaymentRefundRequestedEvent event) {
        refundReason = event.reason();
        status = Status.REFUNDING;
    }

    @EventSourcingHandler
    void on(PaymentRefundedEvent event) {
        status = Status.REFUNDED;
    }
}
