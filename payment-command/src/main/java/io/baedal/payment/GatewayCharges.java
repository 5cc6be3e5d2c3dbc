package io.baedal.payment;

import io.baedal.coreapi.payment.PaymentAttemptRequestedEvent;
import io.baedal.coreapi.payment.PaymentId;
import io.baedal.coreapi.payment.RecordAuthorisationCommand;
import io.baedal.coreapi.payment.RecordPaymentUnavailableCommand;
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
 * Makes each attempt at a charge that a {@link Payment} asks for, and records the gateway's answer
 * on the payment, outside the payment's command: the saga's command returns as soon as the attempt
 * is recorded, and a slow gateway holds one of this processor's threads, not the saga's nor the
 * aggregate.
 *
 * <p>Every answer is recorded, so that this processor never stops on one payment: approved or
 * declined, or unavailable (the provider could not be reached, timed out, or answered with an
 * error nobody expects: whether it charged is unknown, and the saga's retry asks again with the
 * same key). Only recording can fail; the event is then handled again and the provider asked again
 * with the same key, and answers with what it did the first time. A process killed between the
 * provider's charge and our event is the same story: the event is handed over again on restart.
 *
 * <p>Side effects: never replayed ({@link DisallowReplay}); a new processor starts shortly before
 * the head of the stream ({@link GatewayCallsStart}), never at its tail.
 */
@ProcessingGroup(GatewayCharges.PROCESSING_GROUP)
@DisallowReplay
class GatewayCharges {

    static final String PROCESSING_GROUP = "payment-charges";

    private static final Logger log = LoggerFactory.getLogger(GatewayCharges.class);

    private final PaymentGateway gateway;
    private final CommandGateway commands;
    private final PaymentHistory history;

    GatewayCharges(PaymentGateway gateway, CommandGateway commands, PaymentHistory history) {
        this.gateway = gateway;
        this.commands = commands;
        this.history = history;
    }

    @EventHandler
    void on(PaymentAttemptRequestedEvent event) {
        PaymentId paymentId = event.paymentId();
        if (!history.attemptIsOpen(paymentId, event.attempt())) {
            log.atInfo().addKeyValue("event", "payment_attempt_already_answered").addKeyValue("paymentId", paymentId.value())
                    .addKeyValue("attempt", event.attempt())
                    .log("Attempt {} of payment {} has its outcome already: the gateway is not asked again",
                            event.attempt(), paymentId);
            return;
        }
        commands.sendAndWait(answer(event));
    }

    private Object answer(PaymentAttemptRequestedEvent event) {
        PaymentId paymentId = event.paymentId();
        try {
            PaymentGateway.Authorisation result = gateway.authorise(IdempotencyKey.forCharge(paymentId), paymentId,
                    event.amount(), event.paymentToken());
            return new RecordAuthorisationCommand(paymentId, event.attempt(), result.approved(), result.reference());
        } catch (PaymentGatewayUnavailableException e) {
            return new RecordPaymentUnavailableCommand(paymentId, event.attempt(), e.getMessage());
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("event", "payment_gateway_error").addKeyValue("paymentId", paymentId.value())
                    .addKeyValue("attempt", event.attempt()).setCause(e)
                    .log("The payment gateway failed on attempt {} of payment {}: recorded as unavailable",
                            event.attempt(), paymentId);
            return new RecordPaymentUnavailableCommand(paymentId, event.attempt(), e.getMessage());
        }
    }
}
