package io.baedal.kitchen;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.kitchen.AcceptTicketCommand;
import io.baedal.coreapi.kitchen.CancelTicketCommand;
import io.baedal.coreapi.kitchen.CookingFinishedEvent;
import io.baedal.coreapi.kitchen.CookingStartedEvent;
import io.baedal.coreapi.kitchen.CreateTicketCommand;
import io.baedal.coreapi.kitchen.FinishCookingCommand;
import io.baedal.coreapi.kitchen.KitchenAction;
import io.baedal.coreapi.kitchen.RejectTicketCommand;
import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.kitchen.StartCookingCommand;
import io.baedal.coreapi.kitchen.TicketAcceptedEvent;
import io.baedal.coreapi.kitchen.TicketCancellationRefusedEvent;
import io.baedal.coreapi.kitchen.TicketCancelledEvent;
import io.baedal.coreapi.kitchen.TicketCreatedEvent;
import io.baedal.coreapi.kitchen.TicketId;
import io.baedal.coreapi.kitchen.TicketRejectedEvent;
import io.baedal.coreapi.kitchen.TicketStatus;
import io.baedal.coreapi.order.OrderId;
import io.baedal.platform.axon.AxonPlatformConfiguration;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * What a restaurant's kitchen has to cook for one order. A cancel that comes after cooking
 * started is not an error but a {@link TicketCancellationRefusedEvent} the saga reacts to.
 */
@Aggregate(cache = AxonPlatformConfiguration.AGGREGATE_CACHE)
class KitchenTicket {

    @AggregateIdentifier
    private TicketId ticketId;
    private OrderId orderId;
    private RestaurantId restaurantId;
    private TicketStatus status;

    /** Axon needs a no-arg constructor to rebuild the aggregate from its events. */
    KitchenTicket() {
    }

    @CommandHandler
    KitchenTicket(CreateTicketCommand command) {
        if (command.lines() == null || command.lines().isEmpty()) {
            throw new DomainException(ErrorCode.EMPTY_ORDER, "A ticket needs at least one line");
        }
        apply(new TicketCreatedEvent(command.ticketId(), command.orderId(), command.restaurantId(), command.lines()));
    }

    @CommandHandler
    void handle(AcceptTicketCommand command) {
        requireActingRestaurant(command);
        require(TicketStatus.AWAITING_ACCEPTANCE, "accept");
        apply(new TicketAcceptedEvent(ticketId, orderId));
    }

    @CommandHandler
    void handle(RejectTicketCommand command) {
        requireActingRestaurant(command);
        require(TicketStatus.AWAITING_ACCEPTANCE, "reject");
        apply(new TicketRejectedEvent(ticketId, orderId, command.reason()));
    }

    @CommandHandler
    void handle(StartCookingCommand command) {
        requireActingRestaurant(command);
        require(TicketStatus.ACCEPTED, "start cooking");
        apply(new CookingStartedEvent(ticketId, orderId));
    }

    @CommandHandler
    void handle(FinishCookingCommand command) {
        requireActingRestaurant(command);
        require(TicketStatus.COOKING, "finish cooking");
        apply(new CookingFinishedEvent(ticketId, orderId));
    }

    @CommandHandler
    void handle(CancelTicketCommand command) {
        switch (status) {
            case AWAITING_ACCEPTANCE, ACCEPTED -> apply(new TicketCancelledEvent(ticketId, orderId, command.reason()));
            case COOKING, READY -> apply(new TicketCancellationRefusedEvent(ticketId, orderId, status));
            case CANCELLED -> {
                // Already cancelled: a repeated cancel changes nothing and is not an error.
            }
            case REJECTED -> throw new DomainException(ErrorCode.ILLEGAL_TICKET_STATE,
                    "Ticket " + ticketId + " was rejected and cannot be cancelled");
        }
    }

    private void requireActingRestaurant(KitchenAction action) {
        if (action.onBehalfOf() != null && !action.onBehalfOf().contains(restaurantId)) {
            throw new DomainException(ErrorCode.TICKET_NOT_FOUND, "No ticket with id " + ticketId);
        }
    }

    private void require(TicketStatus expected, String action) {
        if (status != expected) {
            throw new DomainException(ErrorCode.ILLEGAL_TICKET_STATE,
                    "Cannot " + action + " ticket " + ticketId + ": it is " + status);
        }
    }

    @EventSourcingHandler
    void on(TicketCreatedEvent event) {
        ticketId = event.ticketId();
        orderId = event.orderId();
        restaurantId = event.restaurantId();
        status = TicketStatus.AWAITING_ACCEPTANCE;
    }

    @EventSourcingHandler
    void on(TicketAcceptedEvent event) {
        status = TicketStatus.ACCEPTED;
    }

    @EventSourcingHandler
    void on(TicketRejectedEvent event) {
        status = TicketStatus.REJECTED;
    }

    @EventSourcingHandler
    void on(CookingStartedEvent event) {
        status = TicketStatus.COOKING;
    }

    @EventSourcingHandler
    void on(CookingFinishedEvent event) {
        status = TicketStatus.READY;
    }

    @EventSourcingHandler
    void on(TicketCancelledEvent event) {
        status = TicketStatus.CANCELLED;
    }
}
