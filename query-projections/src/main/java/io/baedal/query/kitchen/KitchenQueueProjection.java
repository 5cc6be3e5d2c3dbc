package io.baedal.query.kitchen;

import io.baedal.coreapi.kitchen.CookingFinishedEvent;
import io.baedal.coreapi.kitchen.CookingStartedEvent;
import io.baedal.coreapi.kitchen.FindKitchenTicketsQuery;
import io.baedal.coreapi.kitchen.KitchenQueueView;
import io.baedal.coreapi.kitchen.KitchenTicketView;
import io.baedal.coreapi.kitchen.TicketAcceptedEvent;
import io.baedal.coreapi.kitchen.TicketCancelledEvent;
import io.baedal.coreapi.kitchen.TicketCreatedEvent;
import io.baedal.coreapi.kitchen.TicketId;
import io.baedal.coreapi.kitchen.TicketRejectedEvent;
import io.baedal.coreapi.kitchen.TicketStatus;
import io.baedal.query.QueryProperties;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;

/** Each restaurant's kitchen queue: its tickets and where each stands. */
@Component
@ProcessingGroup(KitchenQueueProjection.GROUP)
public class KitchenQueueProjection {

    public static final String GROUP = "kitchen-queue";

    private final KitchenTicketRepository tickets;
    private final Limit limit;

    KitchenQueueProjection(KitchenTicketRepository tickets, QueryProperties properties) {
        this.tickets = tickets;
        this.limit = Limit.of(properties.maxListSize());
    }

    @EventHandler
    void on(TicketCreatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (!tickets.existsById(event.ticketId().value())) {
            tickets.save(KitchenTicketEntity.created(event, sequence, at));
        }
    }

    @EventHandler
    void on(TicketAcceptedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        move(event.ticketId(), TicketStatus.ACCEPTED, null, sequence, at);
    }

    @EventHandler
    void on(TicketRejectedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        move(event.ticketId(), TicketStatus.REJECTED, event.reason(), sequence, at);
    }

    @EventHandler
    void on(CookingStartedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        move(event.ticketId(), TicketStatus.COOKING, null, sequence, at);
    }

    @EventHandler
    void on(CookingFinishedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        move(event.ticketId(), TicketStatus.READY, null, sequence, at);
    }

    @EventHandler
    void on(TicketCancelledEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        move(event.ticketId(), TicketStatus.CANCELLED, event.reason(), sequence, at);
    }

    @ResetHandler
    void reset() {
        tickets.deleteEverything();
    }

    @QueryHandler
    public KitchenQueueView handle(FindKitchenTicketsQuery query) {
        String restaurant = query.restaurantId().value();
        List<KitchenTicketEntity> found = query.status() == null
                ? tickets.findByRestaurantIdOrderByCreatedAtAscTicketIdAsc(restaurant, limit)
                : tickets.findByRestaurantIdAndStatusOrderByCreatedAtAscTicketIdAsc(restaurant, query.status(), limit);
        return new KitchenQueueView(found.stream().map(KitchenTicketEntity::toView).toList());
    }

    private void move(TicketId ticketId, TicketStatus status, String reason, long sequence, Instant at) {
        tickets.findById(ticketId.value()).ifPresent(ticket -> ticket.moveTo(status, reason, sequence, at));
    }
}
