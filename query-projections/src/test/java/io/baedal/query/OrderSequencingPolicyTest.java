package io.baedal.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.delivery.DeliveryClaimedEvent;
import io.baedal.coreapi.delivery.DeliveryId;
import io.baedal.coreapi.delivery.RiderId;
import io.baedal.coreapi.kitchen.CookingFinishedEvent;
import io.baedal.coreapi.kitchen.TicketId;
import io.baedal.coreapi.order.CustomerId;
import io.baedal.coreapi.order.OrderCookingStartedEvent;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.payment.PaymentApprovedEvent;
import io.baedal.coreapi.payment.PaymentId;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.junit.jupiter.api.Test;

/** The order view's policy: one sequence per order, whichever aggregate an event of that order comes from. */
class OrderSequencingPolicyTest {

    private final SequencingPolicy<EventMessage<?>> policy = new QueryConfiguration().orderSequencingPolicy();

    private static EventMessage<?> from(String aggregateType, String aggregateId, long sequence, Object payload) {
        return new GenericDomainEventMessage<>(aggregateType, aggregateId, sequence, payload);
    }

    @Test
    void theEventsOfOneOrderFromItsPaymentTicketAndDeliveryShareTheOrdersSequence() {
        OrderId order = new OrderId("o-1");
        PaymentId payment = new PaymentId("p-1");
        TicketId ticket = new TicketId("t-1");
        DeliveryId delivery = new DeliveryId("d-1");

        assertThat(policy.getSequenceIdentifierFor(from("Order", "o-1", 0, Events.placed(order, new CustomerId("c-1")))))
                .isEqualTo("o-1");
        assertThat(policy.getSequenceIdentifierFor(from("Payment", "p-1", 1,
                new PaymentApprovedEvent(payment, order, Money.of("18000", "KRW"), "SIM-1")))).isEqualTo("o-1");
        assertThat(policy.getSequenceIdentifierFor(from("KitchenTicket", "t-1", 3, new CookingFinishedEvent(ticket, order))))
                .isEqualTo("o-1");
        assertThat(policy.getSequenceIdentifierFor(from("Order", "o-1", 5, new OrderCookingStartedEvent(order))))
                .isEqualTo("o-1");
        assertThat(policy.getSequenceIdentifierFor(from("Delivery", "d-1", 1,
                new DeliveryClaimedEvent(delivery, order, new RiderId("rider-1")))))
                .isEqualTo("o-1");
    }

    @Test
    void twoOrdersHaveTwoSequences() {
        Object first = policy.getSequenceIdentifierFor(from("KitchenTicket", "t-1", 0,
                new CookingFinishedEvent(new TicketId("t-1"), new OrderId("o-1"))));
        Object second = policy.getSequenceIdentifierFor(from("KitchenTicket", "t-2", 0,
                new CookingFinishedEvent(new TicketId("t-2"), new OrderId("o-2"))));

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void anEventOfNoOrderIsSequencedByItsAggregate() {
        assertThat(policy.getSequenceIdentifierFor(from("Restaurant", "r-1", 4, "menu changed"))).isEqualTo("r-1");
    }
}
