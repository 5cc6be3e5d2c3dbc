package io.baedal.delivery;

import io.baedal.coreapi.common.Address;
import io.baedal.coreapi.delivery.ClaimDeliveryCommand;
import io.baedal.coreapi.delivery.CompleteDeliveryCommand;
import io.baedal.coreapi.delivery.CreateDeliveryCommand;
import io.baedal.coreapi.delivery.DeliveryClaimedEvent;
import io.baedal.coreapi.delivery.DeliveryCompletedEvent;
import io.baedal.coreapi.delivery.DeliveryCreatedEvent;
import io.baedal.coreapi.delivery.DeliveryEscalatedEvent;
import io.baedal.coreapi.delivery.DeliveryId;
import io.baedal.coreapi.delivery.DeliveryPickedUpEvent;
import io.baedal.coreapi.delivery.EscalateUnclaimedDeliveryCommand;
import io.baedal.coreapi.delivery.PickUpDeliveryCommand;
import io.baedal.coreapi.delivery.RiderId;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.order.OrderId;
import io.baedal.platform.axon.CommandErrorInterceptor;
import java.time.Duration;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeliveryTest {

    private static final DeliveryId DELIVERY = new DeliveryId("d-1");
    private static final OrderId ORDER = new OrderId("o-1");
    private static final RiderId RIDER = new RiderId("rider-1");
    private static final RiderId OTHER_RIDER = new RiderId("rider-2");
    private static final Address RESTAURANT = new Address("88 World Cup-ro", "mapo");
    private static final Address HOME = new Address("1 Hongik-ro", "mapo");
    private static final DeliveryCreatedEvent CREATED = new DeliveryCreatedEvent(DELIVERY, ORDER, "mapo", RESTAURANT, HOME);
    private static final DeliveryClaimedEvent CLAIMED = new DeliveryClaimedEvent(DELIVERY, ORDER, RIDER);
    private static final DeliveryPickedUpEvent PICKED_UP = new DeliveryPickedUpEvent(DELIVERY, ORDER, RIDER);
    private static final DeliveryCompletedEvent DELIVERED = new DeliveryCompletedEvent(DELIVERY, ORDER, RIDER);

    private FixtureConfiguration<Delivery> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Delivery.class);
        fixture.registerCommandHandlerInterceptor(new CommandErrorInterceptor());
    }

    @Test
    void aDeliveryIsCreatedAwaitingARider() {
        fixture.givenNoPriorActivity()
                .when(new CreateDeliveryCommand(DELIVERY, ORDER, "mapo", RESTAURANT, HOME))
                .expectEvents(CREATED);
    }

    @Test
    void aDeliveryWithoutZoneIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreateDeliveryCommand(DELIVERY, ORDER, " ", RESTAURANT, HOME))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.VALIDATION_FAILED.name())
                .expectNoEvents();
    }

    @Test
    void theFirstRiderToClaimGetsTheDelivery() {
        fixture.given(CREATED)
                .when(new ClaimDeliveryCommand(DELIVERY, RIDER))
                .expectEvents(CLAIMED);
    }

    @Test
    void aSecondRiderCannotClaimAClaimedDelivery() {
        fixture.given(CREATED, CLAIMED)
                .when(new ClaimDeliveryCommand(DELIVERY, OTHER_RIDER))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.DELIVERY_ALREADY_CLAIMED.name())
                .expectNoEvents();
    }

    @Test
    void theSameRiderClaimingAgainChangesNothing() {
        fixture.given(CREATED, CLAIMED)
                .when(new ClaimDeliveryCommand(DELIVERY, RIDER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aPickedUpDeliveryCannotBeClaimed() {
        fixture.given(CREATED, CLAIMED, PICKED_UP)
                .when(new ClaimDeliveryCommand(DELIVERY, OTHER_RIDER))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.DELIVERY_ALREADY_CLAIMED.name())
                .expectNoEvents();
    }

    @Test
    void theClaimingRiderPicksUp() {
        fixture.given(CREATED, CLAIMED)
                .when(new PickUpDeliveryCommand(DELIVERY, RIDER))
                .expectEvents(PICKED_UP);
    }

    @Test
    void anotherRiderCannotPickUp() {
        fixture.given(CREATED, CLAIMED)
                .when(new PickUpDeliveryCommand(DELIVERY, OTHER_RIDER))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.NOT_ASSIGNED_RIDER.name())
                .expectNoEvents();
    }

    @Test
    void anUnclaimedDeliveryCannotBePickedUp() {
        fixture.given(CREATED)
                .when(new PickUpDeliveryCommand(DELIVERY, RIDER))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.NOT_ASSIGNED_RIDER.name())
                .expectNoEvents();
    }

    @Test
    void aDeliveryIsPickedUpOnlyOnce() {
        fixture.given(CREATED, CLAIMED, PICKED_UP)
                .when(new PickUpDeliveryCommand(DELIVERY, RIDER))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.ILLEGAL_DELIVERY_STATE.name())
                .expectNoEvents();
    }

    @Test
    void theClaimingRiderDeliversAfterPickingUp() {
        fixture.given(CREATED, CLAIMED, PICKED_UP)
                .when(new CompleteDeliveryCommand(DELIVERY, RIDER))
                .expectEvents(DELIVERED);
    }

    @Test
    void anotherRiderCannotDeliver() {
        fixture.given(CREATED, CLAIMED, PICKED_UP)
                .when(new CompleteDeliveryCommand(DELIVERY, OTHER_RIDER))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.NOT_ASSIGNED_RIDER.name())
                .expectNoEvents();
    }

    @Test
    void aDeliveryThatWasNotPickedUpCannotBeDelivered() {
        fixture.given(CREATED, CLAIMED)
                .when(new CompleteDeliveryCommand(DELIVERY, RIDER))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.ILLEGAL_DELIVERY_STATE.name())
                .expectNoEvents();
    }

    @Test
    void aDeliveredDeliveryCannotBeDeliveredAgain() {
        fixture.given(CREATED, CLAIMED, PICKED_UP, DELIVERED)
                .when(new CompleteDeliveryCommand(DELIVERY, RIDER))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.ILLEGAL_DELIVERY_STATE.name())
                .expectNoEvents();
    }

    @Test
    void anUnclaimedDeliveryIsEscalatedAndCounted() {
        fixture.given(CREATED, new DeliveryEscalatedEvent(DELIVERY, ORDER, 1, Duration.ofMinutes(10)))
                .when(new EscalateUnclaimedDeliveryCommand(DELIVERY, Duration.ofMinutes(20)))
                .expectEvents(new DeliveryEscalatedEvent(DELIVERY, ORDER, 2, Duration.ofMinutes(20)));
    }

    @Test
    void aClaimedDeliveryIsNotEscalated() {
        fixture.given(CREATED, CLAIMED)
                .when(new EscalateUnclaimedDeliveryCommand(DELIVERY, Duration.ofMinutes(10)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void commandsOnAnUnknownDeliveryAreNotFound() {
        fixture.givenNoPriorActivity()
                .when(new ClaimDeliveryCommand(DELIVERY, RIDER))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.DELIVERY_NOT_FOUND.name());
    }
}
