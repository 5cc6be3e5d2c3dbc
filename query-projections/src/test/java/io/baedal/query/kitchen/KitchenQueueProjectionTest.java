package io.baedal.query.kitchen;

import static io.baedal.query.Events.at;
import static io.baedal.query.Events.ticketCreated;
import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.coreapi.kitchen.CookingFinishedEvent;
import io.baedal.coreapi.kitchen.CookingStartedEvent;
import io.baedal.coreapi.kitchen.FindKitchenTicketsQuery;
import io.baedal.coreapi.kitchen.KitchenTicketView;
import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.kitchen.TicketAcceptedEvent;
import io.baedal.coreapi.kitchen.TicketCancelledEvent;
import io.baedal.coreapi.kitchen.TicketCreatedEvent;
import io.baedal.coreapi.kitchen.TicketId;
import io.baedal.coreapi.kitchen.TicketRejectedEvent;
import io.baedal.coreapi.kitchen.TicketStatus;
import io.baedal.coreapi.order.OrderId;
import io.baedal.query.ProjectionTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class KitchenQueueProjectionTest extends ProjectionTest {

    @Autowired
    KitchenQueueProjection projection;

    private RestaurantId restaurant;
    private TicketId ticket;
    private final OrderId order = new OrderId("o-1");

    @BeforeEach
    void newTicket() {
        restaurant = new RestaurantId("r-" + UUID.randomUUID());
        ticket = new TicketId("t-" + UUID.randomUUID());
        handle(() -> projection.on(created(ticket), 0, at(0)));
    }

    private TicketCreatedEvent created(TicketId id) {
        TicketCreatedEvent template = ticketCreated(id, order);
        return new TicketCreatedEvent(id, order, restaurant, template.lines());
    }

    private List<KitchenTicketView> queue(TicketStatus status) {
        return projection.handle(new FindKitchenTicketsQuery(restaurant, status)).tickets();
    }

    @Test
    void aNewTicketAwaitsAcceptance() {
        assertThat(queue(null)).singleElement().satisfies(view -> {
            assertThat(view.ticketId()).isEqualTo(ticket);
            assertThat(view.status()).isEqualTo(TicketStatus.AWAITING_ACCEPTANCE);
            assertThat(view.lines()).singleElement().satisfies(line -> assertThat(line.quantity()).isEqualTo(2));
        });
    }

    @Test
    void theTicketMovesThroughTheKitchen() {
        handle(() -> projection.on(new TicketAcceptedEvent(ticket, order), 1, at(1)));
        assertThat(queue(null).get(0).status()).isEqualTo(TicketStatus.ACCEPTED);
        handle(() -> projection.on(new CookingStartedEvent(ticket, order), 2, at(2)));
        assertThat(queue(null).get(0).status()).isEqualTo(TicketStatus.COOKING);
        handle(() -> projection.on(new CookingFinishedEvent(ticket, order), 3, at(3)));
        assertThat(queue(null).get(0).status()).isEqualTo(TicketStatus.READY);
        assertThat(queue(null).get(0).updatedAt()).isEqualTo(at(3));
    }

    @Test
    void aRejectionShowsItsReason() {
        handle(() -> projection.on(new TicketRejectedEvent(ticket, order, "out of rice"), 1, at(1)));

        assertThat(queue(TicketStatus.REJECTED)).singleElement()
                .satisfies(view -> assertThat(view.reason()).isEqualTo("out of rice"));
    }

    @Test
    void aCancellationIsShown() {
        handle(() -> projection.on(new TicketCancelledEvent(ticket, order, "customer cancelled"), 1, at(1)));

        assertThat(queue(TicketStatus.CANCELLED)).hasSize(1);
    }

    @Test
    void theStatusFilterKeepsOnlyThatStatus() {
        TicketId other = new TicketId("t-" + UUID.randomUUID());
        handle(() -> projection.on(created(other), 0, at(1)));
        handle(() -> projection.on(new TicketAcceptedEvent(other, order), 1, at(2)));

        assertThat(queue(TicketStatus.ACCEPTED)).extracting(KitchenTicketView::ticketId).containsExactly(other);
        assertThat(queue(TicketStatus.AWAITING_ACCEPTANCE)).extracting(KitchenTicketView::ticketId).containsExactly(ticket);
        assertThat(queue(null)).extracting(KitchenTicketView::ticketId).containsExactly(ticket, other);
    }

    @Test
    void anOldEventDeliveredAgainDoesNotMoveTheTicketBack() {
        handle(() -> projection.on(new TicketAcceptedEvent(ticket, order), 1, at(1)));
        handle(() -> projection.on(new CookingStartedEvent(ticket, order), 2, at(2)));
        handle(() -> projection.on(new TicketAcceptedEvent(ticket, order), 1, at(1)));
        handle(() -> projection.on(created(ticket), 0, at(0)));

        assertThat(queue(null)).singleElement().satisfies(view -> assertThat(view.status()).isEqualTo(TicketStatus.COOKING));
    }

    @Test
    void aResetEmptiesTheQueue() {
        handle(() -> projection.reset());

        assertThat(queue(null)).isEmpty();
    }
}
