package io.baedal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.baedal.coreapi.delivery.DeliveryStatus;
import io.baedal.coreapi.delivery.EscalateUnclaimedDeliveryCommand;
import io.baedal.coreapi.delivery.PickUpDeliveryCommand;
import io.baedal.coreapi.delivery.RiderId;
import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.order.OrderId;
import io.baedal.platform.axon.CommandErrorInterceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

/**
 * Properties of a delivery under random command sequences: a creation (now and then without a zone),
 * then claims, pick-ups, completions and escalations by either of two riders in any order. Sequence
 * number {@code seed} comes from {@code new Random(seed)}, seeds 1 to {@value #SEQUENCES}, so a failure
 * names the seed and the commands that reproduce it.
 */
class DeliveryInvariantsTest {

    private static final DeliveryId DELIVERY = new DeliveryId("d-1");
    private static final OrderId ORDER = new OrderId("o-1");
    private static final Address RESTAURANT = new Address("88 World Cup-ro", "mapo");
    private static final Address HOME = new Address("1 Hongik-ro", "mapo");
    private static final List<RiderId> RIDERS = List.of(new RiderId("rider-1"), new RiderId("rider-2"));

    private static final Map<Class<?>, DeliveryStatus> STATUS_AFTER = Map.of(
            DeliveryCreatedEvent.class, DeliveryStatus.AWAITING_RIDER,
            DeliveryClaimedEvent.class, DeliveryStatus.RIDER_ASSIGNED,
            DeliveryPickedUpEvent.class, DeliveryStatus.PICKED_UP,
            DeliveryCompletedEvent.class, DeliveryStatus.DELIVERED);

    /** One fixture for all sequences; each sequence starts from no events (a leftover would show as an early delivery). */
    private final AggregateTestFixture<Delivery> fixture = new AggregateTestFixture<>(Delivery.class);

    DeliveryInvariantsTest() {
        fixture.registerCommandHandlerInterceptor(new CommandErrorInterceptor());
    }

    private static final int SEQUENCES = 300;

    @Test
    void oneRiderTakesTheDeliveryAllTheWayAndNoFurther() {
        Map<String, Integer> ends = new TreeMap<>();
        for (long seed = 1; seed <= SEQUENCES; seed++) {
            List<Object> commands = creationAndCommands(new Random(seed));
            DeliveryStatus end;
            try {
                end = play(commands);
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError("Sequence of seed " + seed + " broke an invariant: " + failure.getMessage()
                        + "\n  commands: " + commands, failure);
            }
            ends.merge(end == null ? "never created" : end.name(), 1, Integer::sum);
        }
        // The generators must keep reaching a delivered order, or the checks above prove little.
        assertThat(ends).as("how the %s sequences ended", SEQUENCES).containsKey(DeliveryStatus.DELIVERED.name());
    }

    /** Plays one sequence from no events at all, checks every step, and returns the status it ends in. */
    private DeliveryStatus play(List<Object> commands) {
        fixture.givenCommands(List.of());
        DeliveryStatus status = null;
        RiderId rider = null;
        int escalations = 0;
        int seen = 0;
        for (Object command : commands) {
            Throwable failure = dispatch(command);
            List<Object> stored = storedEvents();
            List<Object> events = List.copyOf(stored.subList(seen, stored.size()));
            seen = stored.size();

            assertThat(events).as("events of %s", command).hasSizeLessThanOrEqualTo(1);
            DeliveryStatus after = status;
            for (Object event : events) {
                if (event instanceof DeliveryEscalatedEvent escalated) {
                    assertThat(status).as("escalated while").isEqualTo(DeliveryStatus.AWAITING_RIDER);
                    assertThat(escalated.escalation()).as("escalation number").isEqualTo(++escalations);
                    continue;
                }
                after = STATUS_AFTER.get(event.getClass());
                if (status != null) {
                    assertThat(after).as("%s on a %s delivery", command, status)
                            .isEqualTo(DeliveryStatus.values()[status.ordinal() + 1]);
                }
                if (event instanceof DeliveryClaimedEvent claimed) {
                    assertThat(rider).as("rider before a claim").isNull();
                    rider = claimed.riderId();
                } else if (event instanceof DeliveryPickedUpEvent pickedUp) {
                    assertThat(pickedUp.riderId()).isEqualTo(rider).isEqualTo(riderOf(command));
                } else if (event instanceof DeliveryCompletedEvent completed) {
                    assertThat(completed.riderId()).isEqualTo(rider).isEqualTo(riderOf(command));
                }
            }
            if (failure != null) {
                assertThat(events).isEmpty();
                assertThat(failure).as("failure of %s", command).isInstanceOf(CommandExecutionException.class);
                assertThat(failure.getCause()).isInstanceOfAny(DomainException.class, AggregateNotFoundException.class);
                String code = ((CommandExecutionException) failure).getDetails().map(String.class::cast)
                        .orElseThrow(() -> new AssertionError("no error code for " + command));
                assertThat(ErrorCode.valueOf(code)).isIn(ErrorCode.VALIDATION_FAILED, ErrorCode.DELIVERY_ALREADY_CLAIMED,
                        ErrorCode.NOT_ASSIGNED_RIDER, ErrorCode.ILLEGAL_DELIVERY_STATE, ErrorCode.DELIVERY_NOT_FOUND);
            }
            status = after;
        }
        return status;
    }

    // --- generators ----------------------------------------------------------------------------

    /**
     * A creation (one in five without a zone), then up to 15 commands, each of the four kinds alike, by
     * either rider; an escalation after 1 to 30 minutes.
     */
    private static List<Object> creationAndCommands(Random random) {
        List<Object> all = new ArrayList<>();
        String zone = random.nextInt(5) < 4 ? "mapo" : "";
        all.add(new CreateDeliveryCommand(DELIVERY, ORDER, zone, RESTAURANT, HOME));
        int size = random.nextInt(16);
        for (int i = 0; i < size; i++) {
            RiderId rider = RIDERS.get(random.nextInt(RIDERS.size()));
            all.add(switch (random.nextInt(4)) {
                case 0 -> new ClaimDeliveryCommand(DELIVERY, rider);
                case 1 -> new PickUpDeliveryCommand(DELIVERY, rider);
                case 2 -> new CompleteDeliveryCommand(DELIVERY, rider);
                default -> new EscalateUnclaimedDeliveryCommand(DELIVERY, Duration.ofMinutes(1 + random.nextInt(30)));
            });
        }
        return all;
    }

    private static RiderId riderOf(Object command) {
        if (command instanceof PickUpDeliveryCommand pickUp) {
            return pickUp.riderId();
        }
        return ((CompleteDeliveryCommand) command).riderId();
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
            return fixture.getEventStore().readEvents(DELIVERY.toString()).asStream()
                    .map(DomainEventMessage::getPayload).map(Object.class::cast).toList();
        } catch (AggregateNotFoundException noDeliveryYet) {
            return List.of();
        }
    }
}
