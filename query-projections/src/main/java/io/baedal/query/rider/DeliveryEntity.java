package io.baedal.query.rider;

import io.baedal.coreapi.common.Address;
import io.baedal.coreapi.delivery.DeliveryCreatedEvent;
import io.baedal.coreapi.delivery.DeliveryId;
import io.baedal.coreapi.delivery.DeliveryStatus;
import io.baedal.coreapi.delivery.DeliveryView;
import io.baedal.coreapi.delivery.RiderId;
import io.baedal.coreapi.order.OrderId;
import io.baedal.query.SequencedRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A delivery on the rider board; each delivery event is applied once, by its sequence number. */
@Entity
@Table(name = "rider_board_view")
class DeliveryEntity extends SequencedRow {

    @Id
    @Column(name = "delivery_id", length = 64)
    private String deliveryId;
    @Column(name = "order_id", nullable = false, length = 64)
    private String orderId;
    @Column(name = "zone", nullable = false, length = 64)
    private String zone;
    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 32)
    private DeliveryStatus status;
    @Column(name = "rider_id", length = 64)
    private String riderId;
    @Column(name = "pickup_street", nullable = false)
    private String pickupStreet;
    @Column(name = "pickup_zone", nullable = false, length = 64)
    private String pickupZone;
    @Column(name = "drop_off_street", nullable = false)
    private String dropOffStreet;
    @Column(name = "drop_off_zone", nullable = false, length = 64)
    private String dropOffZone;
    @Column(name = "escalations", nullable = false)
    private int escalations;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** JPA needs a no-arg constructor. */
    protected DeliveryEntity() {
    }

    static DeliveryEntity created(DeliveryCreatedEvent event, long sequence, Instant at) {
        DeliveryEntity delivery = new DeliveryEntity();
        delivery.deliveryId = event.deliveryId().value();
        delivery.orderId = event.orderId().value();
        delivery.zone = event.zone();
        delivery.status = DeliveryStatus.AWAITING_RIDER;
        delivery.pickupStreet = event.pickupAddress().street();
        delivery.pickupZone = event.pickupAddress().zone();
        delivery.dropOffStreet = event.dropOffAddress().street();
        delivery.dropOffZone = event.dropOffAddress().zone();
        delivery.createdAt = at;
        delivery.created(sequence, at);
        return delivery;
    }

    /** Applies a change unless this event was applied before. */
    void moveTo(DeliveryStatus newStatus, RiderId rider, long sequence, Instant at) {
        if (accept(sequence, at)) {
            status = newStatus;
            riderId = rider.value();
        }
    }

    /** Counts an escalation unless this event was applied before. */
    void escalated(int escalation, long sequence, Instant at) {
        if (accept(sequence, at)) {
            escalations = escalation;
        }
    }

    DeliveryView toView() {
        return new DeliveryView(new DeliveryId(deliveryId), new OrderId(orderId), zone, status,
                riderId == null ? null : new RiderId(riderId),
                new Address(pickupStreet, pickupZone), new Address(dropOffStreet, dropOffZone), escalations, createdAt, updatedAt());
    }
}
