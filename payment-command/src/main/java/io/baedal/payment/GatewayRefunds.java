package io.baedal.payment;

import io.baedal.coreapi.payment.PaymentId;
import io.baedal.coreapi.payment.PaymentRefundRequestedEvent;
import io.baedal.coreapi.payment.RecordRefundCommand;
import io.baedal.payment.gateway.IdempotencyKey;
import io.baedal.payment.gateway.PaymentGateway;
import io.baedal.payment.gateway.PaymentGatewayUnavailableException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes each refund that a {@link Payment} asks for, and records it on the payment once the
 * gateway has refunded. A refund is owed: while the gateway cannot take it, the handler fails and
 * its processor tries again with a growing pause (Axon's retry of a failed segment), as long as it
 * takes, every time with the payment's one refund key, so the customer is refunded once. Its own
 * processing group, so that a refund waiting for the gateway holds up other refunds only, never a
 * charge ({@link GatewayCharges}).
 *
 * <p>Never replayed ({@link DisallowReplay}); a new processor starts shortly before the head of
 * the stream ({@link GatewayCallsStart}).
 */
@ProcessingGroup(GatewayRefunds.PROCESSING_GROUP)
@DisallowReplay
class GatewayRefunds {

    static final String PROCESSING_GROUP = "payment-refunds";

    private static final Logger log = LoggerFactory.getLogger(GatewayRefunds.class);

    private final PaymentGateway gateway;
    private final CommandGateway commands;
    private final PaymentHistory history;

    GatewayRefunds(PaymentGateway gateway, CommandGateway commands, PaymentHistory history) {
        this.gateway = gateway;
        this.commands = commands;
        this.history = history;
    }

    @EventHandler
    void on(PaymentRefundRequestedEvent event) {
        PaymentId paymentId = event.paymentId();
        if (!history.refundIsOpen(paymentId)) {
            return;
        }
        try {
            gateway.refund(IdempotencyKey.forRefund(paymentId), paymentId, event.amount());
        } catch (PaymentGatewayUnavailableException e) {
            log.atWarn().addKeyValue("event", "refund_retrying").addKeyValue("paymentId", paymentId.value())
                    .addKeyValue("orderId", event.orderId().value())
                    .log("The payment gateway cannot refund payment {} now ({}): tried again later",
                            paymentId, e.getMessage());
            throw e;
        }
        commands.sendAndWait(new RecordRefundCommand(paymentId));
    }
}
