package io.baedal.kitchen;

import static io.baedal.coreapi.kitchen.TicketStatus.ACCEPTED;
import static io.baedal.coreapi.kitchen.TicketStatus.AWAITING_ACCEPTANCE;
import static io.baedal.coreapi.kitchen.TicketStatus.CANCELLED;
import static io.baedal.coreapi.kitchen.TicketStatus.COOKING;
import static io.baedal.coreapi.kitchen.TicketStatus.READY;
import static io.baedal.coreapi.kitchen.TicketStatus.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.coreapi.error.DomainException;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

/**
 * Properties of a kitchen ticket under random command sequences: a creation (now and then without
 * lines), then accept, reject, start, finish and cancel in any order. Sequence number {@code seed}
 * comes from {@code new Random(seed)}, seeds 1 to {@value #SEQUENCES}, so a failure names the seed and
 * the commands that reproduce it.
 */
class KitchenTicketInvariantsTest {

    private static final TicketId TICKET = new TicketId("t-1");
    private static final OrderId ORDER = new OrderId("o-1");
    private static final List<TicketLine> LINES = List.of(new TicketLine(new MenuItemId("m-kalguksu"), "Kalguksu", 2));

    /** The ticket's life: a rejected, cancelled or cooked ticket changes no more. */
    private static final Map<TicketStatus, Set<TicketStatus>> ALLOWED = Map.of(
            AWAITING_ACCEPTANCE, EnumSet.of(ACCEPTED, REJECTED, CANCELLED),
            ACCEPTED, EnumSet.of(COOKING, CANCELLED),
            COOKING, EnumSet.of(READY),
            READY, EnumSet.noneOf(TicketStatus.class),
            REJECTED, EnumSet.noneOf(TicketStatus.class),
            CANCELLED, EnumSet.noneOf(TicketStatus.class));

    private static final Map<Class<?>, TicketStatus> STATUS_AFTER = Map.of(
            TicketCreatedEvent.class, AWAITING_ACCEPTANCE,
            TicketAcceptedEvent.class, ACCEPTED,
            TicketRejectedEvent.class, REJECTED,
            CookingStartedEvent.class, COOKING,
            CookingFinishedEvent.class, READY,
            TicketCancelledEvent.class, CANCELLED);

    /** One fixture for all sequences; each sequence starts from no events (a leftover would show as an early ticket). */
    private final AggregateTestFixture<KitchenTicket> fixture = new AggregateTestFixture<>(KitchenTicket.class);

    KitchenTicketInvariantsTest() {
        fixture.registerCommandHandlerInterceptor(new CommandErrorInterceptor());
    }

    private static final int SEQUENCES = 300;

    @Test
    void randomCommandSequencesKeepTheTicketInvariants() {
        Map<String, Integer> ends = new TreeMap<>();
        for (long seed = 1; seed <= SEQUENCES; seed++) {
            List<Object> commands = creationAndCommands(new Random(seed));
            TicketStatus end;
            try {
                end = play(commands);
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError("Sequence of seed " + seed + " broke an invariant: " + failure.getMessage()
                        + "\n  commands: " + commands, failure);
            }
            ends.merge(end == null ? "never created" : end.name(), 1, Integer::sum);
        }
        // The generators must keep reaching every end of a ticket, or the checks above prove little.
        assertThat(ends).as("how the %s sequences ended", SEQUENCES).containsKeys("READY", "REJECTED", "CANCELLED");
    }

    /** Plays one sequence from no events at all, checks every step, and returns the status it ends in. */
    private TicketStatus play(List<Object> commands) {
        fixture.givenCommands(List.of());
        TicketStatus status = null;
        int seen = 0;
        for (Object command : commands) {
            Throwable failure = dispatch(command);
            List<Object> stored = storedEvents();
            List<Object> events = List.copyOf(stored.subList(seen, stored.size()));
            seen = stored.size();

            assertThat(events).as("events of %s", command).hasSizeLessThanOrEqualTo(1);
            TicketStatus after = status;
            for (Object event : events) {
                if (event instanceof TicketCancellationRefusedEvent refused) {
                    assertThat(refused.status()).as("a refused cancel names where cooking is").isIn(COOKING, READY)
                            .isEqualTo(status);
                } else {
                    after = STATUS_AFTER.get(event.getClass());
                }
            }
            if (status != null && after != status) {
                assertThat(after).as("%s took a %s ticket to", command, status).isIn(ALLOWED.get(status));
            }
            if (status != null && ALLOWED.get(status).isEmpty()) {
                assertThat(after).as("%s on a finished %s ticket", command, status).isEqualTo(status);
            }
            if (failure != null) {
                assertThat(events).isEmpty();
                assertThat(failure).as("failure of %s", command).isInstanceOf(CommandExecutionException.class);
                assertThat(failure.getCause()).isInstanceOfAny(DomainException.class, AggregateNotFoundException.class);
                String code = ((CommandExecutionException) failure).getDetails().map(String.class::cast)
                        .orElseThrow(() -> new AssertionError("no error code for " + command));
                assertThat(ErrorCode.valueOf(code)).isIn(ErrorCode.EMPTY_ORDER, ErrorCode.ILLEGAL_TICKET_STATE,
                        ErrorCode.TICKET_NOT_FOUND);
            }
            status = after;
        }
        return status;
    }

    // --- generators ----------------------------------------------------------------------------

    /** A creation (one in ten without lines), then up to 15 commands, each of the five kinds alike. */
    private static List<Object> creationAndCommands(Random random) {
        List<Object> all = new ArrayList<>();
        all.add(new CreateTicketCommand(TICKET, ORDER, new RestaurantId("r-1"), random.nextInt(10) < 9 ? LINES : List.of()));
        int size = random.nextInt(16);
        for (int i = 0; i < size; i++) {
            all.add(switch (random.nextInt(5)) {
                case 0 -> new AcceptTicketCommand(TICKET);
                case 1 -> new RejectTicketCommand(TICKET, "out of rice");
                case 2 -> new StartCookingCommand(TICKET);
                case 3 -> new FinishCookingCommand(TICKET);
                default -> new CancelTicketCommand(TICKET, "customer");
            });
        }
        return all;
    }

    private Throwable dispatch(Object command) {
        Throwable[] failure = new Throwable[1];
        fixture.getCommandBus().dispatch(GenericCommandMessage.asCommandMessage(command), (message, result) -> {
            if (result.isExceptional()) {
                failure[0] = result.exceptionResult();
            }
        });
        return failure[0];
    }

    private List<Object> storedEvents() {
        try {
            return fixture.getEventStore().readEvents(TICKET.toString()).asStream()
                    .map(DomainEventMessage::getPayload).map(Object.class::cast).toList();
        } catch (AggregateNotFoundException noTicketYet) {
            return List.of();
        }
    }
}
