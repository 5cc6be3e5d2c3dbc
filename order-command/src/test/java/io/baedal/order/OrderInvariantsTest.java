package io.baedal.order;

import static io.baedal.coreapi.order.OrderStatus.ACCEPTED;
import static io.baedal.coreapi.order.OrderStatus.CANCELLATION_REQUESTED;
import static io.baedal.coreapi.order.OrderStatus.CANCELLED;
import static io.baedal.coreapi.order.OrderStatus.COOKING;
import static io.baedal.coreapi.order.OrderStatus.DELIVERED;
import static io.baedal.coreapi.order.OrderStatus.PAID;
import static io.baedal.coreapi.order.OrderStatus.PAYMENT_PENDING;
import static io.baedal.coreapi.order.OrderStatus.PAYMENT_RETRYING;
import static io.baedal.coreapi.order.OrderStatus.PICKED_UP;
import static io.baedal.coreapi.order.OrderStatus.READY_FOR_PICKUP;
import static io.baedal.coreapi.order.OrderStatus.REJECTED;
import static io.baedal.order.Orders.DELIVERY;
import static io.baedal.order.Orders.ORDER;
import static io.baedal.order.Orders.PAYMENT;
import static io.baedal.order.Orders.RIDER;
import static io.baedal.order.Orders.TICKET;
import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.order.AcceptOrderCommand;
import io.baedal.coreapi.order.CompleteOrderCommand;
import io.baedal.coreapi.order.ConfirmOrderCancellationCommand;
import io.baedal.coreapi.order.MarkOrderCookingCommand;
import io.baedal.coreapi.order.MarkOrderPaidCommand;
import io.baedal.coreapi.order.MarkOrderPaymentRetryingCommand;
import io.baedal.coreapi.order.MarkOrderPickedUpCommand;
import io.baedal.coreapi.order.MarkOrderReadyForPickupCommand;
import io.baedal.coreapi.order.OrderAcceptedEvent;
import io.baedal.coreapi.order.OrderCancellationRejectedEvent;
import io.baedal.coreapi.order.OrderCancellationRequestedEvent;
import io.baedal.coreapi.order.OrderCancelledEvent;
import io.baedal.coreapi.order.OrderCookingStartedEvent;
import io.baedal.coreapi.order.OrderDeliveredEvent;
import io.baedal.coreapi.order.OrderItem;
import io.baedal.coreapi.order.OrderMarkedReadyForPickupEvent;
import io.baedal.coreapi.order.OrderPaidEvent;
import io.baedal.coreapi.order.OrderPaymentRetryScheduledEvent;
import io.baedal.coreapi.order.OrderPickedUpEvent;
import io.baedal.coreapi.order.OrderPlacedEvent;
import io.baedal.coreapi.order.OrderReason;
import io.baedal.coreapi.order.OrderRejectedEvent;
import io.baedal.coreapi.order.OrderStatus;
import io.baedal.coreapi.order.PlaceOrderCommand;
import io.baedal.coreapi.order.RejectOrderCancellationCommand;
import io.baedal.coreapi.order.RejectOrderCommand;
import io.baedal.coreapi.order.RequestOrderCancellationCommand;
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
 * Properties of the order's state machine under random command sequences: a placement (now and then
 * an invalid one) followed by any of the saga's and the customer's commands in any order, with random
 * arguments. Each sequence runs against one fresh {@link AggregateTestFixture}, through its command
 * bus, so handlers, interceptor and event sourcing are the same as in the given-when-then tests.
 * Sequence number {@code seed} comes from {@code new Random(seed)}, seeds 1 to {@value #SEQUENCES}, so
 * a failure names the seed and the commands that reproduce it.
 */
class OrderInvariantsTest {

    /** The REST contract's "Allowed order transitions" table, apart from the way back from a cancellation request. */
    private static final Map<OrderStatus, Set<OrderStatus>> ALLOWED = Map.ofEntries(
            Map.entry(PAYMENT_PENDING, EnumSet.of(PAID, PAYMENT_RETRYING, REJECTED, CANCELLATION_REQUESTED)),
            Map.entry(PAYMENT_RETRYING, EnumSet.of(PAID, REJECTED, CANCELLATION_REQUESTED)),
            Map.entry(PAID, EnumSet.of(ACCEPTED, REJECTED, CANCELLATION_REQUESTED)),
            Map.entry(ACCEPTED, EnumSet.of(COOKING, CANCELLATION_REQUESTED)),
            Map.entry(CANCELLATION_REQUESTED, EnumSet.of(CANCELLED)),
            Map.entry(COOKING, EnumSet.of(READY_FOR_PICKUP)),
            Map.entry(READY_FOR_PICKUP, EnumSet.of(PICKED_UP)),
            Map.entry(PICKED_UP, EnumSet.of(DELIVERED)),
            Map.entry(DELIVERED, EnumSet.noneOf(OrderStatus.class)),
            Map.entry(CANCELLED, EnumSet.noneOf(OrderStatus.class)),
            Map.entry(REJECTED, EnumSet.noneOf(OrderStatus.class)));

    private static final Set<OrderStatus> TERMINAL = EnumSet.of(DELIVERED, CANCELLED, REJECTED);

    private static final int SEQUENCES = 300;

    /**
     * One test with four checks, because a sequence costs a fresh fixture (~10-40 ms on a busy
     * machine) and every check wants every sequence.
     */
    @Test
    void randomCommandSequencesKeepTheOrderInvariants() {
        Map<String, Integer> finalStatuses = new TreeMap<>();
        Map<String, Integer> terminalsThatMetMoreCommands = new TreeMap<>();
        for (long seed = 1; seed <= SEQUENCES; seed++) {
            List<Object> commands = placementAndCommands(new Random(seed));
            List<Step> steps;
            try {
                steps = play(commands);
                anOrderNeverLeavesATerminalStatus(steps);
                everyStatusChangeIsOneTheTransitionTableAllows(steps);
                aCommandIsAcceptedExactlyWhenTheTableAllowsItsTransition(steps);
                everyRefusalIsADomainErrorWithACode(steps);
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError("Sequence of seed " + seed + " broke an invariant: " + failure.getMessage()
                        + "\n  commands: " + commands, failure);
            }
            finalStatuses.merge(finalStatus(steps), 1, Integer::sum);
            terminalsThatMetMoreCommands.merge(steps.stream()
                    .filter(step -> step.before() != null && TERMINAL.contains(step.before()))
                    .map(step -> step.before().name()).findFirst().orElse("none"), 1, Integer::sum);
        }
        // The generators must keep reaching every terminal status, and every terminal status must meet
        // more commands, or the checks above prove little.
        assertThat(finalStatuses).as("final statuses of the %s sequences", SEQUENCES)
                .containsKeys("DELIVERED", "CANCELLED", "REJECTED");
        assertThat(finalStatuses.getOrDefault("never placed", 0)).as("sequences that never placed an order, of %s in %s",
                SEQUENCES, finalStatuses).isLessThanOrEqualTo(SEQUENCES * 40 / 100);
        assertThat(terminalsThatMetMoreCommands).as("terminal statuses that met more commands")
                .containsKeys(TERMINAL.stream().map(OrderStatus::name).toArray(String[]::new));
    }

    private static void anOrderNeverLeavesATerminalStatus(List<Step> steps) {
        for (Step step : steps) {
            if (step.before() != null && TERMINAL.contains(step.before())) {
                assertThat(step.events()).as("events of %s on a %s order", step.command(), step.before()).isEmpty();
                assertThat(step.after()).isEqualTo(step.before());
            }
        }
    }

    private static void everyStatusChangeIsOneTheTransitionTableAllows(List<Step> steps) {
        OrderStatus beforeCancellation = null;
        for (Step step : steps) {
            assertThat(step.events()).as("events of %s", step.command()).hasSizeLessThanOrEqualTo(1);
            if (step.before() == null || step.after() == step.before()) {
                continue;
            }
            Set<OrderStatus> allowed = EnumSet.copyOf(ALLOWED.get(step.before()));
            if (step.before() == CANCELLATION_REQUESTED) {
                allowed.add(beforeCancellation);
            }
            assertThat(step.after()).as("%s took a %s order to", step.command(), step.before()).isIn(allowed);
            if (step.after() == CANCELLATION_REQUESTED) {
                beforeCancellation = step.before();
            }
        }
    }

    private static void aCommandIsAcceptedExactlyWhenTheTableAllowsItsTransition(List<Step> steps) {
        OrderStatus beforeCancellation = null;
        for (Step step : steps) {
            if (step.before() == null) {
                continue;
            }
            OrderStatus target = targetOf(step.command(), step.before(), beforeCancellation);
            boolean allowed = step.command() instanceof RejectOrderCancellationCommand
                    ? target != null
                    : target != null && ALLOWED.get(step.before()).contains(target);
            if (allowed) {
                assertThat(step.failure()).as("%s on a %s order", step.command(), step.before()).isNull();
                assertThat(step.after()).isEqualTo(target);
            } else {
                assertThat(step.failure()).as("%s on a %s order", step.command(), step.before()).isNotNull();
                assertThat(step.events()).isEmpty();
            }
            if (step.after() == CANCELLATION_REQUESTED && step.before() != CANCELLATION_REQUESTED) {
                beforeCancellation = step.before();
            }
        }
    }

    private static void everyRefusalIsADomainErrorWithACode(List<Step> steps) {
        for (Step step : steps) {
            if (step.failure() == null) {
                continue;
            }
            assertThat(step.failure()).as("failure of %s", step.command())
                    .isInstanceOf(CommandExecutionException.class);
            Throwable cause = step.failure().getCause();
            assertThat(cause).as("cause of the failure of %s", step.command())
                    .isInstanceOfAny(DomainException.class, AggregateNotFoundException.class);
            String code = ((CommandExecutionException) step.failure()).getDetails().map(String.class::cast)
                    .orElseThrow(() -> new AssertionError("no error code for " + step.command()));
            ErrorCode errorCode = ErrorCode.valueOf(code);
            if (cause instanceof DomainException domain) {
                assertThat(domain.code()).isEqualTo(errorCode);
            } else {
                assertThat(errorCode).isEqualTo(ErrorCode.ORDER_NOT_FOUND);
            }
            assertThat(step.events()).isEmpty();
        }
    }

    // --- generators ----------------------------------------------------------------------------

    /**
     * A placement, then (each half the time) either up to 30 commands at all or the saga's happy path
     * with up to 3 commands before each of its steps and after the last.
     */
    private static List<Object> placementAndCommands(Random random) {
        List<Object> all = new ArrayList<>();
        all.add(placement(random));
        if (random.nextBoolean()) {
            all.addAll(lifecycleCommands(random, 30));
        } else {
            for (Object step : HAPPY_PATH) {
                all.addAll(lifecycleCommands(random, 3));
                all.add(step);
            }
            // Noise after the last step too: a delivered order must meet commands as well.
            all.addAll(lifecycleCommands(random, 3));
        }
        return all;
    }

    private static final List<Object> HAPPY_PATH = List.of(new MarkOrderPaidCommand(ORDER, PAYMENT),
            new AcceptOrderCommand(ORDER, TICKET), new MarkOrderCookingCommand(ORDER),
            new MarkOrderReadyForPickupCommand(ORDER, DELIVERY), new MarkOrderPickedUpCommand(ORDER, RIDER),
            new CompleteOrderCommand(ORDER));

    /** Nine in ten valid; else one of four invalid placements alike. */
    private static Object placement(Random random) {
        if (random.nextInt(10) < 9) {
            return Orders.aValidPlaceOrder();
        }
        return switch (random.nextInt(4)) {
            case 0 -> Orders.placeOrder(new OrderItem(Restaurants.KALGUKSU, 0));
            case 1 -> Orders.placeOrder(new OrderItem(Restaurants.SOLD_OUT, 1));
            case 2 -> Orders.placeOrder();
            default -> new PlaceOrderCommand(ORDER, Orders.CUSTOMER, new RestaurantId("r-unknown"),
                    List.of(new OrderItem(Restaurants.MANDU, 1)), Orders.HOME, Orders.TOKEN);
        };
    }

    private static List<Object> lifecycleCommands(Random random, int maxSize) {
        int size = random.nextInt(maxSize + 1);
        List<Object> commands = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            commands.add(lifecycleCommand(random));
        }
        return commands;
    }

    /** Any of the eleven lifecycle commands alike, with random arguments where they take any. */
    private static Object lifecycleCommand(Random random) {
        return switch (random.nextInt(11)) {
            case 0 -> new MarkOrderPaidCommand(ORDER, PAYMENT);
            case 1 -> new MarkOrderPaymentRetryingCommand(ORDER, PAYMENT, -1 + random.nextInt(7));
            case 2 -> new AcceptOrderCommand(ORDER, TICKET);
            case 3 -> new MarkOrderCookingCommand(ORDER);
            case 4 -> new MarkOrderReadyForPickupCommand(ORDER, DELIVERY);
            case 5 -> new MarkOrderPickedUpCommand(ORDER, RIDER);
            case 6 -> new CompleteOrderCommand(ORDER);
            case 7 -> new RequestOrderCancellationCommand(ORDER, random.nextInt(10) < 2 ? null : reason(random));
            case 8 -> new ConfirmOrderCancellationCommand(ORDER);
            case 9 -> new RejectOrderCancellationCommand(ORDER);
            default -> new RejectOrderCommand(ORDER, random.nextInt(10) < 1 ? null
                    : OrderReason.values()[random.nextInt(OrderReason.values().length)]);
        };
    }

    /** Up to 12 characters: letters, digits, Hangul, blanks and the odd symbol. */
    private static String reason(Random random) {
        String alphabet = "abcXYZ019 \t\n가나다-_!?\u00e9";
        StringBuilder reason = new StringBuilder();
        int length = random.nextInt(13);
        for (int i = 0; i < length; i++) {
            reason.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return reason.toString();
    }

    // --- running a sequence --------------------------------------------------------------------

    /** One command: the status before (null while there is no order), the events it stored, the status after. */
    private record Step(Object command, OrderStatus before, List<Object> events, OrderStatus after,
                        Throwable failure) {
    }

    /**
     * One fixture for all sequences of the test: building one costs more than playing a sequence. Each
     * sequence starts from no events at all; a leftover would show as an order placed before its placement.
     */
    private final AggregateTestFixture<Order> fixture = new AggregateTestFixture<>(Order.class);

    OrderInvariantsTest() {
        fixture.registerInjectableResource(Restaurants.menus())
                .registerCommandHandlerInterceptor(new CommandErrorInterceptor());
    }

    private List<Step> play(List<Object> commands) {
        // Forgets the previous sequence and subscribes the aggregate's handlers to the fixture's command bus.
        fixture.givenCommands(List.of());

        List<Step> steps = new ArrayList<>();
        List<Object> stored = new ArrayList<>();
        OrderStatus status = null;
        for (Object command : commands) {
            Throwable[] failure = new Throwable[1];
            fixture.getCommandBus().dispatch(GenericCommandMessage.asCommandMessage(command), (message, result) -> {
                if (result.isExceptional()) {
                    failure[0] = result.exceptionResult();
                }
            });
            List<Object> events = storedEvents(fixture).subList(stored.size(), storedEvents(fixture).size());
            stored.addAll(events);
            OrderStatus after = status;
            for (Object event : events) {
                after = statusAfter(event);
            }
            steps.add(new Step(command, status, List.copyOf(events), after, failure[0]));
            status = after;
        }
        return steps;
    }

    private static List<Object> storedEvents(AggregateTestFixture<Order> fixture) {
        try {
            return fixture.getEventStore().readEvents(ORDER.toString()).asStream()
                    .map(DomainEventMessage::getPayload).map(Object.class::cast).toList();
        } catch (AggregateNotFoundException noOrderYet) {
            return List.of();
        }
    }

    private static final Map<Class<?>, OrderStatus> STATUS_AFTER = Map.ofEntries(
            Map.entry(OrderPlacedEvent.class, PAYMENT_PENDING),
            Map.entry(OrderPaidEvent.class, PAID),
            Map.entry(OrderPaymentRetryScheduledEvent.class, PAYMENT_RETRYING),
            Map.entry(OrderAcceptedEvent.class, ACCEPTED),
            Map.entry(OrderCookingStartedEvent.class, COOKING),
            Map.entry(OrderMarkedReadyForPickupEvent.class, READY_FOR_PICKUP),
            Map.entry(OrderPickedUpEvent.class, PICKED_UP),
            Map.entry(OrderDeliveredEvent.class, DELIVERED),
            Map.entry(OrderCancellationRequestedEvent.class, CANCELLATION_REQUESTED),
            Map.entry(OrderCancelledEvent.class, CANCELLED),
            Map.entry(OrderRejectedEvent.class, REJECTED));

    /** Where each command would take the order, for the commands whose target does not depend on more. */
    private static final Map<Class<?>, OrderStatus> TARGET = Map.of(
            MarkOrderPaidCommand.class, PAID,
            MarkOrderPaymentRetryingCommand.class, PAYMENT_RETRYING,
            AcceptOrderCommand.class, ACCEPTED,
            MarkOrderCookingCommand.class, COOKING,
            MarkOrderReadyForPickupCommand.class, READY_FOR_PICKUP,
            MarkOrderPickedUpCommand.class, PICKED_UP,
            CompleteOrderCommand.class, DELIVERED,
            RequestOrderCancellationCommand.class, CANCELLATION_REQUESTED,
            ConfirmOrderCancellationCommand.class, CANCELLED);

    private static OrderStatus statusAfter(Object event) {
        if (event instanceof OrderCancellationRejectedEvent rejected) {
            return rejected.restoredStatus();
        }
        OrderStatus status = STATUS_AFTER.get(event.getClass());
        if (status == null) {
            throw new AssertionError("Unexpected event " + event);
        }
        return status;
    }

    /** Where the table says the command would take the order; null when it is no transition at all. */
    private static OrderStatus targetOf(Object command, OrderStatus before, OrderStatus beforeCancellation) {
        if (command instanceof RejectOrderCancellationCommand) {
            return before == CANCELLATION_REQUESTED ? beforeCancellation : null;
        }
        if (command instanceof RejectOrderCommand reject) {
            return reject.reason() != null && reject.reason().isRejection() ? REJECTED : null;
        }
        return TARGET.get(command.getClass());
    }

    private static String finalStatus(List<Step> steps) {
        OrderStatus last = steps.get(steps.size() - 1).after();
        return last == null ? "never placed" : last.name();
    }
}
