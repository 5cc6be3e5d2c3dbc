package io.baedal.query.rider;

import io.baedal.coreapi.delivery.DeliveryClaimedEvent;
import io.baedal.coreapi.delivery.DeliveryCompletedEvent;
import io.baedal.coreapi.delivery.DeliveryCreatedEvent;
import io.baedal.coreapi.delivery.DeliveryEscalatedEvent;
import io.baedal.coreapi.delivery.DeliveryId;
import io.baedal.coreapi.delivery.DeliveryPickedUpEvent;
import io.baedal.coreapi.delivery.DeliveryStatus;
import io.baedal.coreapi.delivery.DeliveryView;
import io.baedal.coreapi.delivery.FindDeliveriesQuery;
import io.baedal.coreapi.delivery.RiderBoardView;
import io.baedal.coreapi.delivery.RiderId;
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

/** The rider board: deliveries by zone and status, so riders can find one to claim. */
@Component
@ProcessingGroup(RiderBoardProjection.GROUP)
public class RiderBoardProjection {

    public static final String GROUP = "rider-board";

    private final DeliveryRepository deliveries;
    private final Limit limit;

    RiderBoardProjection(DeliveryRepository deliveries, QueryProperties properties) {
        this.deliveries = deliveries;
        this.limit = Limit.of(properties.maxListSize());
    }

    @EventHandler
    void on(DeliveryCreatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (!deliveries.existsById(event.deliveryId().value())) {
            deliveries.save(DeliveryEntity.created(event, sequence, at));
        }
    }

    @EventHandler
    void on(DeliveryClaimedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        move(event.deliveryId(), DeliveryStatus.RIDER_ASSIGNED, event.riderId(), sequence, at);
    }

    @EventHandler
    void on(DeliveryEscalatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        deliveries.findById(event.deliveryId().value())
                .ifPresent(delivery -> delivery.escalated(event.escalation(), sequence, at));
    }

    @EventHandler
    void on(DeliveryPickedUpEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        move(event.deliveryId(), DeliveryStatus.PICKED_UP, event.riderId(), sequence, at);
    }

    @EventHandler
    void on(DeliveryCompletedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        move(event.deliveryId(), DeliveryStatus.DELIVERED, event.riderId(), sequence, at);
    }

    @ResetHandler
    void reset() {
        deliveries.deleteEverything();
    }

    @QueryHandler
    public RiderBoardView handle(FindDeliveriesQuery query) {
        return new RiderBoardView(
                deliveries.findBoard(query.zone(), query.status(), limit).stream().map(DeliveryEntity::toView).toList());
    }

    private void move(DeliveryId deliveryId, DeliveryStatus status, RiderId rider, long sequence, Instant at) {
        deliveries.findById(deliveryId.value()).ifPresent(delivery -> delivery.moveTo(status, rider, sequence, at));
    }
}
