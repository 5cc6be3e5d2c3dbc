package io.baedal.kitchen;

import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.kitchen.AcceptTicketCommand;
import io.baedal.coreapi.kitchen.CancelTicketCommand;
import io.baedal.coreapi.kitchen.CookingFinishedEvent;
import io.baedal.coreapi.kitchen.CookingStartedEvent;
import io.baedal.coreapi.kitchen.CreateTicketCommand;
import io.baedal.coreapi.kitchen.FinishCookingCommand;
import io.baedal.coreapi.kitchen.MenuItemId;
import io.baedal.coreapi.kitchen.RejectTicketCommand;
import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.kitchen.StartCookingCommand;
import io.baedal.coreapi.kitchen.TicketAcceptedEvent;
import io.baedal.coreapi.kitchen.TicketCancellationRefusedEvent;
import io.baedal.coreapi.kitchen.TicketCancelledEvent;
import io.baedal.coreapi.kitchen.TicketCreatedEvent;
import io.baedal.coreapi.kitchen.TicketId;
import io.baedal.coreapi.kitchen.TicketLine;
import io.baedal.coreapi.kitchen.TicketRejectedEvent;
import io.baedal.coreapi.kitchen.TicketStatus;
import io.baedal.coreapi.order.OrderId;
import io.baedal.platform.axon.CommandErrorInterceptor;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class KitchenTicketTest {

    private static final TicketId TICKET = new TicketId("t-1");
    private static final OrderId ORDER = new OrderId("o-1");
    private static final List<TicketLine> LINES = List.of(new TicketLine(new MenuItemId("m-kalguksu"), "Kalguksu", 2));
    private static final TicketCreatedEvent CREATED = new TicketCreatedEvent(TICKET, ORDER, new RestaurantId("r-1"), LINES);

    private static final Map<TicketStatus, List<Object>> HISTORY = Map.of(
            TicketStatus.AWAITING_ACCEPTANCE, List.of(CREATED),
            TicketStatus.ACCEPTED, List.of(CREATED, new TicketAcceptedEvent(TICKET, ORDER)),
            TicketStatus.COOKING, List.of(CREATED, new TicketAcceptedEvent(TICKET, ORDER), new CookingStartedEvent(TICKET, ORDER)),
            TicketStatus.READY, List.of(CREATED, new TicketAcceptedEvent(TICKET, ORDER), new CookingStartedEvent(TICKET, ORDER),
                    new CookingFinishedEvent(TICKET, ORDER)),
            TicketStatus.REJECTED, List.of(CREATED, new TicketRejectedEvent(TICKET, ORDER, "out of rice")),
            TicketStatus.CANCELLED, List.of(CREATED, new TicketCancelledEvent(TICKET, ORDER, "customer")));

    private FixtureConfiguration<KitchenTicket> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(KitchenTicket.class);
        fixture.registerCommandHandlerInterceptor(new CommandErrorInterceptor());
    }

    private TestExecutor<KitchenTicket> given(TicketStatus status) {
        return fixture.given(HISTORY.get(status));
    }

    @Test
    void aTicketIsCreatedAwaitingAcceptance() {
        fixture.givenNoPriorActivity()
                .when(new CreateTicketCommand(TICKET, ORDER, new RestaurantId("r-1"), LINES))
                .expectEvents(CREATED);
    }

    @Test
    void aTicketWithoutLinesIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreateTicketCommand(TICKET, ORDER, new RestaurantId("r-1"), List.of()))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.EMPTY_ORDER.name())
                .expectNoEvents();
    }

    @Test
    void theRestaurantAcceptsAnAwaitingTicket() {
        given(TicketStatus.AWAITING_ACCEPTANCE)
                .when(new AcceptTicketCommand(TICKET))
                .expectEvents(new TicketAcceptedEvent(TICKET, ORDER));
    }

    @Test
    void theRestaurantRejectsAnAwaitingTicketWithAReason() {
        given(TicketStatus.AWAITING_ACCEPTANCE)
                .when(new RejectTicketCommand(TICKET, "out of rice"))
                .expectEvents(new TicketRejectedEvent(TICKET, ORDER, "out of rice"));
    }

    @Test
    void cookingStartsOnAnAcceptedTicket() {
        given(TicketStatus.ACCEPTED)
                .when(new StartCookingCommand(TICKET))
                .expectEvents(new CookingStartedEvent(TICKET, ORDER));
    }

    @Test
    void cookingFinishesOnATicketBeingCooked() {
        given(TicketStatus.COOKING)
                .when(new FinishCookingCommand(TICKET))
                .expectEvents(new CookingFinishedEvent(TICKET, ORDER));
    }

    @ParameterizedTest(name = "a ticket that is {0} can be cancelled")
    @EnumSource(value = TicketStatus.class, names = {"AWAITING_ACCEPTANCE", "ACCEPTED"})
    void aTicketIsCancelledBeforeCookingStarts(TicketStatus status) {
        given(status)
                .when(new CancelTicketCommand(TICKET, "customer cancelled"))
                .expectEvents(new TicketCancelledEvent(TICKET, ORDER, "customer cancelled"));
    }

    @ParameterizedTest(name = "cancelling a ticket that is {0} is refused with an event")
    @EnumSource(value = TicketStatus.class, names = {"COOKING", "READY"})
    void cancelAfterCookingStartedIsRefusedWithAnEvent(TicketStatus status) {
        given(status)
                .when(new CancelTicketCommand(TICKET, "customer cancelled"))
                .expectEvents(new TicketCancellationRefusedEvent(TICKET, ORDER, status));
    }

    @Test
    void cancellingACancelledTicketAgainChangesNothing() {
        given(TicketStatus.CANCELLED)
                .when(new CancelTicketCommand(TICKET, "customer cancelled"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void cancellingARejectedTicketIsRefused() {
        given(TicketStatus.REJECTED)
                .when(new CancelTicketCommand(TICKET, "customer cancelled"))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.ILLEGAL_TICKET_STATE.name())
                .expectNoEvents();
    }

    @Test
    void commandsOnAnUnknownTicketAreNotFound() {
        fixture.givenNoPriorActivity()
                .when(new AcceptTicketCommand(TICKET))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.TICKET_NOT_FOUND.name());
    }

    static Stream<Arguments> refusedTransitions() {
        Map<String, TicketStatus> allowedFrom = Map.of(
                "accept", TicketStatus.AWAITING_ACCEPTANCE,
                "reject", TicketStatus.AWAITING_ACCEPTANCE,
                "start-cooking", TicketStatus.ACCEPTED,
                "finish-cooking", TicketStatus.COOKING);
        return allowedFrom.entrySet().stream()
                .flatMap(entry -> Stream.of(TicketStatus.values())
                        .filter(status -> status != entry.getValue())
                        .map(status -> Arguments.of(entry.getKey(), status)));
    }

    @ParameterizedTest(name = "{0} is refused when the ticket is {1}")
    @MethodSource("refusedTransitions")
    void transitionsFromTheWrongStatusAreRefused(String action, TicketStatus status) {
        Object command = switch (action) {
            case "accept" -> new AcceptTicketCommand(TICKET);
            case "reject" -> new RejectTicketCommand(TICKET, "busy");
            case "start-cooking" -> new StartCookingCommand(TICKET);
            default -> new FinishCookingCommand(TICKET);
        };
        given(status)
                .when(command)
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.ILLEGAL_TICKET_STATE.name())
                .expectNoEvents();
    }
}
