package io.baedal.query.kitchen;

import io.baedal.coreapi.kitchen.KitchenTicketView;
import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.kitchen.TicketCreatedEvent;
import io.baedal.coreapi.kitchen.TicketId;
import io.baedal.coreapi.kitchen.TicketStatus;
import io.baedal.coreapi.order.OrderId;
import io.baedal.query.SequencedRow;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A ticket on a kitchen's queue; each ticket event is applied once, by its sequence number. */
@Entity
@Table(name = "kitchen_ticket_view")
class KitchenTicketEntity extends SequencedRow {

    @Id
    @Column(name = "ticket_id", length = 64)
    private String ticketId;
    @Column(name = "order_id", nullable = false, length = 64)
    private String orderId;
    @Column(name = "restaurant_id", nullable = false, length = 64)
    private String restaurantId;
    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 32)
    private TicketStatus status;
    @Column(name = "reason", length = 500)
    private String reason;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "kitchen_ticket_line", joinColumns = @JoinColumn(name = "ticket_id"))
    @OrderColumn(name = "line_no")
    private List<TicketLineColumns> lines = new ArrayList<>();
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** JPA needs a no-arg constructor. */
    protected KitchenTicketEntity() {
    }

    static KitchenTicketEntity created(TicketCreatedEvent event, long sequence, Instant at) {
        KitchenTicketEntity ticket = new KitchenTicketEntity();
        ticket.ticketId = event.ticketId().value();
        ticket.orderId = event.orderId().value();
        ticket.restaurantId = event.restaurantId().value();
        event.lines().forEach(line -> ticket.lines.add(new TicketLineColumns(line)));
        ticket.status = TicketStatus.AWAITING_ACCEPTANCE;
        ticket.createdAt = at;
        ticket.created(sequence, at);
        return ticket;
    }

    /** Applies a status change unless this event was applied before. */
    void moveTo(TicketStatus newStatus, String newReason, long sequence, Instant at) {
        if (!accept(sequence, at)) {
            return;
        }
        status = newStatus;
        if (newReason != null) {
            reason = newReason;
        }
    }

    KitchenTicketView toView() {
        return new KitchenTicketView(new TicketId(ticketId), new OrderId(orderId), new RestaurantId(restaurantId), status,
                lines.stream().map(TicketLineColumns::toLine).toList(), reason, createdAt, updatedAt());
    }
}
