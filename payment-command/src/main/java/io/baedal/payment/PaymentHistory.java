package io.baedal.payment;

import io.baedal.coreapi.payment.PaymentApprovedEvent;
import io.baedal.coreapi.payment.PaymentDeclinedEvent;
import io.baedal.coreapi.payment.PaymentId;
import io.baedal.coreapi.payment.PaymentRefundedEvent;
import io.baedal.coreapi.payment.PaymentUnavailableEvent;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * What a payment's own events say about a request to the gateway, read before the call: a
 * request handed over again (a processor that starts a little before its last position, an
 * outcome stored while the processor's position was not) is not sent to the provider again once
 * its outcome is in. A provider that has acted would answer from the key anyway; one that has not
 * (it was unavailable) would act now, for an attempt the saga has already moved past.
 */
class PaymentHistory {

    private final EventStore events;

    PaymentHistory(EventStore events) {
        this.events = events;
    }

    /** Whether attempt {@code attempt} of the payment still waits for its outcome. */
    boolean attemptIsOpen(PaymentId paymentId, int attempt) {
        List<?> payloads = payloads(paymentId);
        if (payloads.stream().anyMatch(event -> event instanceof PaymentApprovedEvent || event instanceof PaymentDeclinedEvent)) {
            return false;
        }
        return payloads.stream().noneMatch(event -> event instanceof PaymentUnavailableEvent unavailable
                && unavailable.attempt() >= attempt);
    }

    /** Whether the payment's refund still waits for the gateway. */
    boolean refundIsOpen(PaymentId paymentId) {
        return payloads(paymentId).stream().noneMatch(PaymentRefundedEvent.class::isInstance);
    }

    private List<?> payloads(PaymentId paymentId) {
        return events.readEvents(paymentId.value()).asStream().map(message -> message.getPayload()).toList();
    }
}
