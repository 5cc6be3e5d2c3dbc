package io.baedal.payment;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.error.DomainException;
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
import io.baedal.payment.gateway.IdempotencyKey;
import io.baedal.payment.gateway.PaymentGateway;
import io.baedal.payment.gateway.PaymentGatewayUnavailableException;
import io.baedal.platform.axon.AxonPlatformConfiguration;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A charge for one order. Created by the first attempt at the gateway; an unavailable gateway
 * leaves it pending for a retry; only an approved payment can be refunded, and only once.
 * Every attempt at the charge, and at the refund, carries the same key derived from the payment:
 * "unavailable" may mean the provider acted and the answer was lost, and the retry must then get
 * that answer rather than charge or refund again.
 */
@Aggregate(cache = AxonPlatformConfiguration.AGGREGATE_CACHE)
class Payment {

    enum Status { PENDING, APPROVED, DECLINED, REFUNDED }

    @AggregateIdentifier
    private PaymentId paymentId;
    private OrderId orderId;
    private Money amount;
    private String paymentToken;
    private Status status;
    private int attempts;

    /** Axon needs a no-arg constructor to rebuild the aggregate from its events. */
    Payment() {
    }

    @CommandHandler
    Payment(ProcessPaymentCommand command, PaymentGateway gateway) {
        if (command.amount() == null || !command.amount().isPositive()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "A payment needs a positive amount");
        }
        if (command.paymentToken() == null || command.paymentToken().isBlank()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "A payment needs a payment token");
        }
        apply(new PaymentRequestedEvent(command.paymentId(), command.orderId(), command.amount(),
                command.paymentToken()));
        attempt(command.paymentId(), command.orderId(), command.amount(), command.paymentToken(), 1, gateway);
    }

    @CommandHandler
    void handle(RetryPaymentCommand command, PaymentGateway gateway) {
        if (status != Status.PENDING) {
            throw new DomainException(ErrorCode.ILLEGAL_PAYMENT_STATE,
                    "Payment " + paymentId + " is " + status + ", there is nothing to retry");
        }
        attempt(paymentId, orderId, amount, paymentToken, attempts + 1, gateway);
    }

    @CommandHandler
    void handle(RefundPaymentCommand command, PaymentGateway gateway) {
        if (status != Status.APPROVED) {
            throw new DomainException(ErrorCode.ILLEGAL_PAYMENT_STATE,
                    "Only an approved payment can be refunded; payment " + paymentId + " is " + status);
        }
        gateway.refund(IdempotencyKey.forRefund(paymentId), paymentId, amount);
        apply(new PaymentRefundedEvent(paymentId, orderId, amount, command.reason()));
    }

    /** Static, because in the creating constructor Axon applies events only after it returns. */
    private static void attempt(PaymentId paymentId, OrderId orderId, Money amount, String paymentToken, int attempt,
                                PaymentGateway gateway) {
        try {
            PaymentGateway.Authorisation result =
                    gateway.authorise(IdempotencyKey.forCharge(paymentId), paymentId, amount, paymentToken);
            if (result.approved()) {
                apply(new PaymentApprovedEvent(paymentId, orderId, amount, result.reference()));
            } else {
                apply(new PaymentDeclinedEvent(paymentId, orderId, result.reference()));
            }
        } catch (PaymentGatewayUnavailableException e) {
            apply(new PaymentUnavailableEvent(paymentId, orderId, attempt, e.getMessage()));
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
    void on(PaymentApprovedEvent event) {
        attempts++;
        status = Status.APPROVED;
    }

    @EventSourcingHandler
    void on(PaymentDeclinedEvent event) {
        attempts++;
        status = Status.DECLINED;
    }

    @EventSourcingHandler
    void on(PaymentUnavailableEvent event) {
        attempts = event.attempt();
    }

    @EventSourcingHandler
    void on(PaymentRefundedEvent event) {
        status = Status.REFUNDED;
    }
}
