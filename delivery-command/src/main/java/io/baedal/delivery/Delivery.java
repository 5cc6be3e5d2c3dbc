package io.baedal.delivery;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.baedal.coreapi.delivery.ClaimDeliveryCommand;
import io.baedal.coreapi.delivery.CompleteDeliveryCommand;
import io.baedal.coreapi.delivery.CreateDeliveryCommand;
import io.baedal.coreapi.delivery.DeliveryClaimedEvent;
import io.baedal.coreapi.delivery.DeliveryCompletedEvent;
import io.baedal.coreapi.delivery.DeliveryCreatedEvent;
import io.baedal.coreapi.delivery.DeliveryEscalatedEvent;
import io.baedal.coreapi.delivery.DeliveryId;
import io.baedal.coreapi.delivery.DeliveryPickedUpEvent;
import io.baedal.coreapi.delivery.DeliveryStatus;
import io.baedal.coreapi.delivery.EscalateUnclaimedDeliveryCommand;
import io.baedal.coreapi.delivery.PickUpDeliveryCommand;
import io.baedal.coreapi.delivery.RiderId;
import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.order.OrderId;
import io.baedal.platform.axon.AxonPlatformConfiguration;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** Taking one order from the restaurant to the customer: claimed by exactly one rider, who alone moves it on. */
@Aggregate(cache = AxonPlatformConfiguration.AGGREGATE_CACHE)
class Delivery {

    @AggregateIdentifier
    private DeliveryId deliveryId;
    private OrderId orderId;
    private DeliveryStatus status;
    private RiderId riderId;
    private int escalations;

    /** Axon needs a no-arg constructor to rebuild the aggregate from its events. */
    Delivery() {
    }

    @CommandHandler
    Delivery(CreateDeliveryCommand command) {
        if (command.zone() == null || command.zone().isBlank()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "A delivery needs a zone");
        }
        apply(new DeliveryCreatedEvent(command.deliveryId(), command.orderId(), command.zone(),
                command.pickupAddress(), command.dropOffAddress()));
    }

    @CommandHandler
    void handle(ClaimDeliveryCommand command) {
        if (status == DeliveryStatus.RIDER_ASSIGNED && command.riderId().equals(riderId)) {
            return;
        }
        if (status != DeliveryStatus.AWAITING_RIDER) {
            throw new DomainException(ErrorCode.DELIVERY_ALREADY_CLAIMED,
                    "Delivery " + deliveryId + " is already taken by another rider");
        }
        apply(new DeliveryClaimedEvent(deliveryId, orderId, command.riderId()));
    }

    @CommandHandler
    void handle(PickUpDeliveryCommand command) {
        requireAssignedRider(command.riderId());
        require(DeliveryStatus.RIDER_ASSIGNED, "pick up");
        apply(new DeliveryPickedUpEvent(deliveryId, orderId, riderId));
    }

    @CommandHandler
    void handle(CompleteDeliveryCommand command) {
        requireAssignedRider(command.riderId());
        require(DeliveryStatus.PICKED_UP, "deliver");
        apply(new DeliveryCompletedEvent(deliveryId, orderId, riderId));
    }

    @CommandHandler
    void handle(EscalateUnclaimedDeliveryCommand command) {
        if (status == DeliveryStatus.AWAITING_RIDER) {
            apply(new DeliveryEscalatedEvent(deliveryId, orderId, escalations + 1, command.waiting()));
        }
    }

    private void requireAssignedRider(RiderId rider) {
        if (riderId == null || !riderId.equals(rider)) {
            throw new DomainException(ErrorCode.NOT_ASSIGNED_RIDER,
                    "Rider " + rider + " has not claimed delivery " + deliveryId);
        }
    }

    private void require(DeliveryStatus expected, String action) {
        if (status != expected) {
            throw new DomainException(ErrorCode.ILLEGAL_DELIVERY_STATE,
                    "Cannot " + action + " delivery " + deliveryId + ": it is " + status);
        }
    }

    @EventSourcingHandler
    void on(DeliveryCreatedEvent event) {
        deliveryId = event.deliveryId();
        orderId = event.orderId();
        status = DeliveryStatus.AWAITING_RIDER;
    }

    @EventSourcingHandler
    void on(DeliveryEscalatedEvent event) {
        escalations = event.escalation();
    }

    @EventSourcingHandler
    void on(DeliveryClaimedEvent event) {
        riderId = event.riderId();
        status = DeliveryStatus.RIDER_ASSIGNED;
    }

    @EventSourcingHandler
    void on(DeliveryPickedUpEvent event) {
        status = DeliveryStatus.PICKED_UP;
    }

    @EventSourcingHandler
    void on(DeliveryCompletedEvent event) {
        status = DeliveryStatus.DELIVERED;
    }
}
