package io.baedal.order;

import static io.baedal.order.Orders.DELIVERY;
import static io.baedal.order.Orders.ORDER;
import static io.baedal.order.Orders.PAYMENT;
import static io.baedal.order.Orders.RIDER;
import static io.baedal.order.Orders.TICKET;
import static io.baedal.order.Orders.aPlacedOrder;
import static io.baedal.order.Orders.aValidPlaceOrder;
import static io.baedal.order.Orders.historyUpTo;
import static io.baedal.order.Orders.placeOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.coreapi.common.Address;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.kitchen.RestaurantView;
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
import io.baedal.platform.web.ErrorStatuses;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class OrderTest {

    private FixtureConfiguration<Order> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Order.class);
        fixture.registerInjectableResource(Restaurants.menus());
        fixture.registerCommandHandlerInterceptor(new CommandErrorInterceptor());
    }

    // --- placement ---------------------------------------------------------------------------

    @Test
    void placingAnOrderPricesEveryLineFromTheMenu() {
        fixture.givenNoPriorActivity()
                .when(aValidPlaceOrder())
                .expectEvents(aPlacedOrder());
    }

    @Test
    void placingAnOrderAtAnUnknownRestaurantIsRefused() {
        PlaceOrderCommand valid = aValidPlaceOrder();
        refusedOnCreation(new PlaceOrderCommand(ORDER, valid.customerId(), new RestaurantId("r-unknown"), valid.items(),
                valid.deliveryAddress(), valid.paymentToken()), ErrorCode.UNKNOWN_RESTAURANT);
    }

    @Test
    void placingAnOrderToANeighbouringZoneTheRestaurantServesIsAccepted() {
        PlaceOrderCommand valid = aValidPlaceOrder();
        Address nextDoor = new Address("34 Yonsei-ro", "seodaemun");
        OrderPlacedEvent placed = aPlacedOrder();

        fixture.givenNoPriorActivity()
                .when(new PlaceOrderCommand(ORDER, valid.customerId(), valid.restaurantId(), valid.items(), nextDoor,
                        valid.paymentToken()))
                .expectEvents(new OrderPlacedEvent(ORDER, placed.customerId(), placed.restaurantId(), placed.lines(),
                        placed.total(), nextDoor, placed.restaurantAddress(), placed.paymentToken()));
    }

    @Test
    void placingAnOrderToAZoneTheRestaurantDoesNotServeIsRefused() {
        PlaceOrderCommand valid = aValidPlaceOrder();
        refusedOnCreation(new PlaceOrderCommand(ORDER, valid.customerId(), valid.restaurantId(), valid.items(),
                new Address("1 Lamppost Way", "narnia"), valid.paymentToken()), ErrorCode.ZONE_NOT_SERVED);
    }

    @Test
    void placingAnOrderWithoutADeliveryAddressIsRefused() {
        PlaceOrderCommand valid = aValidPlaceOrder();
        refusedOnCreation(new PlaceOrderCommand(ORDER, valid.customerId(), valid.restaurantId(), valid.items(),
                null, valid.paymentToken()), ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void aRestaurantDescribedWithoutZonesDeliversToItsOwnZone() {
        describedWithoutZones();

        fixture.givenNoPriorActivity()
                .when(aValidPlaceOrder())
                .expectEvents(aPlacedOrder());
    }

    @Test
    void aRestaurantDescribedWithoutZonesDeliversNowhereElse() {
        describedWithoutZones();
        PlaceOrderCommand valid = aValidPlaceOrder();

        refusedOnCreation(new PlaceOrderCommand(ORDER, valid.customerId(), valid.restaurantId(), valid.items(),
                new Address("34 Yonsei-ro", "seodaemun"), valid.paymentToken()), ErrorCode.ZONE_NOT_SERVED);
    }

    /** The catalogue as a kitchen (or a catalogue file) from before delivery zones describes it. */
    private void describedWithoutZones() {
        RestaurantView noodleBar = Restaurants.noodleBar();
        RestaurantView withoutZones = new RestaurantView(noodleBar.id(), noodleBar.name(), noodleBar.zone(), null,
                noodleBar.address(), noodleBar.menu());
        fixture = new AggregateTestFixture<>(Order.class);
        fixture.registerInjectableResource((RestaurantMenus) restaurantId -> Optional.of(withoutZones));
        fixture.registerCommandHandlerInterceptor(new CommandErrorInterceptor());
    }

    /**
     * The kitchen's catalogue cannot be asked (nobody answers its query on the bus) and was never
     * asked about this restaurant: the order cannot be priced, so it is refused as unavailable
     * (503 with Retry-After over HTTP) and nothing is stored.
     */
    @Test
    void placingAnOrderWhileTheCatalogueCannotBeReachedIsRefusedAsUnavailable() {
        QueryGateway withoutAKitchen = DefaultQueryGateway.builder().queryBus(SimpleQueryBus.builder().build()).build();
        fixture = new AggregateTestFixture<>(Order.class);
        fixture.registerInjectableResource(new KitchenRestaurantMenus(withoutAKitchen));
        fixture.registerCommandHandlerInterceptor(new CommandErrorInterceptor());

        refusedOnCreation(aValidPlaceOrder(), ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(ErrorStatuses.of(ErrorCode.SERVICE_UNAVAILABLE).value()).isEqualTo(503);
    }

    @Test
    void placingAnItemThatIsNotOnTheMenuIsRefused() {
        refusedOnCreation(placeOrder(new OrderItem(new io.baedal.coreapi.kitchen.MenuItemId("m-pizza"), 1)),
                ErrorCode.UNKNOWN_MENU_ITEM);
    }

    @Test
    void placingAnUnavailableItemIsRefused() {
        refusedOnCreation(placeOrder(new OrderItem(Restaurants.SOLD_OUT, 1)), ErrorCode.MENU_ITEM_UNAVAILABLE);
    }

    @Test
    void placingAZeroQuantityIsRefused() {
        refusedOnCreation(placeOrder(new OrderItem(Restaurants.KALGUKSU, 0)), ErrorCode.INVALID_QUANTITY);
    }

    @Test
    void placingANegativeQuantityIsRefused() {
        refusedOnCreation(placeOrder(new OrderItem(Restaurants.KALGUKSU, -3)), ErrorCode.INVALID_QUANTITY);
    }

    @Test
    void placingAnAbsurdQuantityIsRefused() {
        refusedOnCreation(placeOrder(new OrderItem(Restaurants.KALGUKSU, OrderPricing.MAX_QUANTITY + 1)),
                ErrorCode.INVALID_QUANTITY);
    }

    @Test
    void placingTheLargestAllowedQuantityIsAccepted() {
        fixture.givenNoPriorActivity()
                .when(placeOrder(new OrderItem(Restaurants.MANDU, OrderPricing.MAX_QUANTITY)))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void placingAnOrderWithoutItemsIsRefused() {
        refusedOnCreation(placeOrder(), ErrorCode.EMPTY_ORDER);
    }

    @Test
    void placingMoreLinesThanAllowedIsRefused() {
        OrderItem[] items = IntStream.rangeClosed(0, OrderPricing.MAX_LINES)
                .mapToObj(i -> new OrderItem(Restaurants.MANDU, 1))
                .toArray(OrderItem[]::new);
        refusedOnCreation(placeOrder(items), ErrorCode.TOO_MANY_LINES);
    }

    // --- the happy path ----------------------------------------------------------------------

    @Test
    void approvedPaymentMarksAPendingOrderPaid() {
        given(OrderStatus.PAYMENT_PENDING)
                .when(new MarkOrderPaidCommand(ORDER, PAYMENT))
                .expectEvents(new OrderPaidEvent(ORDER, PAYMENT));
    }

    @Test
    void approvedRetryMarksARetryingOrderPaid() {
        given(OrderStatus.PAYMENT_RETRYING)
                .when(new MarkOrderPaidCommand(ORDER, PAYMENT))
                .expectEvents(new OrderPaidEvent(ORDER, PAYMENT));
    }

    @Test
    void unavailableGatewayMarksAPendingOrderRetrying() {
        given(OrderStatus.PAYMENT_PENDING)
                .when(new MarkOrderPaymentRetryingCommand(ORDER, PAYMENT, 1))
                .expectEvents(new OrderPaymentRetryScheduledEvent(ORDER, PAYMENT, 1));
    }

    @Test
    void restaurantAcceptanceAcceptsAPaidOrder() {
        given(OrderStatus.PAID)
                .when(new AcceptOrderCommand(ORDER, TICKET))
                .expectEvents(new OrderAcceptedEvent(ORDER, TICKET));
    }

    @Test
    void cookingStartsOnAnAcceptedOrder() {
        given(OrderStatus.ACCEPTED)
                .when(new MarkOrderCookingCommand(ORDER))
                .expectEvents(new OrderCookingStartedEvent(ORDER));
    }

    @Test
    void finishedCookingMakesTheOrderReadyForPickup() {
        given(OrderStatus.COOKING)
                .when(new MarkOrderReadyForPickupCommand(ORDER, DELIVERY))
                .expectEvents(new OrderMarkedReadyForPickupEvent(ORDER, DELIVERY));
    }

    /** Stored as {@code OrderCookingEvent}, before the rename: the order is still cooking. */
    @Test
    void anOrderWhoseCookingWasStoredUnderTheFormerNameIsReadyForPickupOnceCooked() {
        List<Object> history = historyUpTo(OrderStatus.ACCEPTED);
        history.add(Orders.readBackAsStoredUnder("io.baedal.coreapi.order.OrderCookingEvent",
                new OrderCookingStartedEvent(ORDER)));
        fixture.given(history)
                .when(new MarkOrderReadyForPickupCommand(ORDER, DELIVERY))
                .expectEvents(new OrderMarkedReadyForPickupEvent(ORDER, DELIVERY));
    }

    /** Stored as {@code OrderReadyForPickupEvent}, before the rename: the order waits for its rider. */
    @Test
    void anOrderWhoseReadinessWasStoredUnderTheFormerNameIsPickedUpByItsRider() {
        List<Object> history = historyUpTo(OrderStatus.COOKING);
        history.add(Orders.readBackAsStoredUnder("io.baedal.coreapi.order.OrderReadyForPickupEvent",
                new OrderMarkedReadyForPickupEvent(ORDER, DELIVERY)));
        fixture.given(history)
                .when(new MarkOrderPickedUpCommand(ORDER, RIDER))
                .expectEvents(new OrderPickedUpEvent(ORDER, RIDER));
    }

    @Test
    void riderPickupMarksTheOrderPickedUp() {
        given(OrderStatus.READY_FOR_PICKUP)
                .when(new MarkOrderPickedUpCommand(ORDER, RIDER))
                .expectEvents(new OrderPickedUpEvent(ORDER, RIDER));
    }

    @Test
    void handingOverCompletesThePickedUpOrder() {
        given(OrderStatus.PICKED_UP)
                .when(new CompleteOrderCommand(ORDER))
                .expectEvents(new OrderDeliveredEvent(ORDER));
    }

    // --- cancellation ------------------------------------------------------------------------

    @ParameterizedTest(name = "the customer can ask to cancel an order that is {0}")
    @EnumSource(value = OrderStatus.class, names = {"PAYMENT_PENDING", "PAYMENT_RETRYING", "PAID", "ACCEPTED"})
    void customerCanAskToCancelBeforeCookingStarts(OrderStatus status) {
        given(status)
                .when(new RequestOrderCancellationCommand(ORDER, "changed my mind"))
                .expectEvents(new OrderCancellationRequestedEvent(ORDER, status, "changed my mind"));
    }

    @Test
    void cancelAfterCookingStartedIsRefused() {
        given(OrderStatus.COOKING)
                .when(new RequestOrderCancellationCommand(ORDER, "too slow"))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.ILLEGAL_ORDER_STATE.name())
                .expectNoEvents();
    }

    @Test
    void confirmedCancellationCancelsTheOrder() {
        given(OrderStatus.CANCELLATION_REQUESTED)
                .when(new ConfirmOrderCancellationCommand(ORDER))
                .expectEvents(new OrderCancelledEvent(ORDER, OrderReason.CUSTOMER_CANCELLED));
    }

    @Test
    void rejectedCancellationRestoresTheStatusBeforeTheRequest() {
        given(OrderStatus.CANCELLATION_REQUESTED)
                .when(new RejectOrderCancellationCommand(ORDER))
                .expectEvents(new OrderCancellationRejectedEvent(ORDER, OrderStatus.ACCEPTED));
    }

    @Test
    void cookingCarriesOnAfterARejectedCancellation() {
        fixture.given(concat(historyUpTo(OrderStatus.CANCELLATION_REQUESTED),
                        new OrderCancellationRejectedEvent(ORDER, OrderStatus.ACCEPTED)))
                .when(new MarkOrderCookingCommand(ORDER))
                .expectEvents(new OrderCookingStartedEvent(ORDER));
    }

    @Test
    void paymentApprovedWhileCancellationIsRequestedDoesNotMarkTheOrderPaid() {
        given(OrderStatus.CANCELLATION_REQUESTED)
                .when(new MarkOrderPaidCommand(ORDER, PAYMENT))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.ILLEGAL_ORDER_STATE.name())
                .expectNoEvents();
    }

    // --- rejection ---------------------------------------------------------------------------

    @Test
    void declinedPaymentRejectsAPendingOrder() {
        given(OrderStatus.PAYMENT_PENDING)
                .when(new RejectOrderCommand(ORDER, OrderReason.PAYMENT_DECLINED))
                .expectEvents(new OrderRejectedEvent(ORDER, OrderReason.PAYMENT_DECLINED));
    }

    @Test
    void exhaustedRetriesRejectARetryingOrder() {
        given(OrderStatus.PAYMENT_RETRYING)
                .when(new RejectOrderCommand(ORDER, OrderReason.PAYMENT_UNAVAILABLE))
                .expectEvents(new OrderRejectedEvent(ORDER, OrderReason.PAYMENT_UNAVAILABLE));
    }

    @Test
    void restaurantRejectionRejectsAPaidOrder() {
        given(OrderStatus.PAID)
                .when(new RejectOrderCommand(ORDER, OrderReason.RESTAURANT_REJECTED))
                .expectEvents(new OrderRejectedEvent(ORDER, OrderReason.RESTAURANT_REJECTED));
    }

    @Test
    void acceptanceTimeoutRejectsAPaidOrder() {
        given(OrderStatus.PAID)
                .when(new RejectOrderCommand(ORDER, OrderReason.ACCEPTANCE_TIMEOUT))
                .expectEvents(new OrderRejectedEvent(ORDER, OrderReason.ACCEPTANCE_TIMEOUT));
    }

    @Test
    void aRejectionNeedsARejectionReason() {
        given(OrderStatus.PAID)
                .when(new RejectOrderCommand(ORDER, OrderReason.CUSTOMER_CANCELLED))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.VALIDATION_FAILED.name())
                .expectNoEvents();
    }

    @Test
    void commandsOnAnUnknownOrderAreNotFound() {
        fixture.givenNoPriorActivity()
                .when(new MarkOrderPaidCommand(ORDER, PAYMENT))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.ORDER_NOT_FOUND.name());
    }

    // --- every transition outside the contract's table ---------------------------------------

    /** The REST contract's table: which statuses each command may leave from. */
    private static final Map<String, Set<OrderStatus>> ALLOWED_FROM = Map.of(
            "MarkOrderPaid", EnumSet.of(OrderStatus.PAYMENT_PENDING, OrderStatus.PAYMENT_RETRYING),
            "MarkOrderPaymentRetrying", EnumSet.of(OrderStatus.PAYMENT_PENDING),
            "AcceptOrder", EnumSet.of(OrderStatus.PAID),
            "MarkOrderCooking", EnumSet.of(OrderStatus.ACCEPTED),
            "MarkOrderReadyForPickup", EnumSet.of(OrderStatus.COOKING),
            "MarkOrderPickedUp", EnumSet.of(OrderStatus.READY_FOR_PICKUP),
            "CompleteOrder", EnumSet.of(OrderStatus.PICKED_UP),
            "RequestOrderCancellation", EnumSet.of(OrderStatus.PAYMENT_PENDING, OrderStatus.PAYMENT_RETRYING,
                    OrderStatus.PAID, OrderStatus.ACCEPTED),
            "ConfirmOrderCancellation", EnumSet.of(OrderStatus.CANCELLATION_REQUESTED),
            "RejectOrderCancellation", EnumSet.of(OrderStatus.CANCELLATION_REQUESTED));

    private static final Map<String, Object> COMMANDS = Map.of(
            "MarkOrderPaid", new MarkOrderPaidCommand(ORDER, PAYMENT),
            "MarkOrderPaymentRetrying", new MarkOrderPaymentRetryingCommand(ORDER, PAYMENT, 1),
            "AcceptOrder", new AcceptOrderCommand(ORDER, TICKET),
            "MarkOrderCooking", new MarkOrderCookingCommand(ORDER),
            "MarkOrderReadyForPickup", new MarkOrderReadyForPickupCommand(ORDER, DELIVERY),
            "MarkOrderPickedUp", new MarkOrderPickedUpCommand(ORDER, RIDER),
            "CompleteOrder", new CompleteOrderCommand(ORDER),
            "RequestOrderCancellation", new RequestOrderCancellationCommand(ORDER, "please"),
            "ConfirmOrderCancellation", new ConfirmOrderCancellationCommand(ORDER),
            "RejectOrderCancellation", new RejectOrderCancellationCommand(ORDER));

    static Stream<Arguments> refusedTransitions() {
        Stream<Arguments> moves = ALLOWED_FROM.entrySet().stream()
                .flatMap(entry -> Arrays.stream(OrderStatus.values())
                        .filter(status -> !entry.getValue().contains(status))
                        .map(status -> Arguments.of(entry.getKey(), status)));
        Stream<Arguments> rejections = EnumSet.complementOf(EnumSet.of(OrderStatus.PAYMENT_PENDING,
                        OrderStatus.PAYMENT_RETRYING, OrderStatus.PAID)).stream()
                .map(status -> Arguments.of("RejectOrder", status));
        return Stream.concat(moves, rejections);
    }

    @ParameterizedTest(name = "{0} is refused when the order is {1}")
    @MethodSource("refusedTransitions")
    void transitionsOutsideTheContractAreRefused(String command, OrderStatus status) {
        Object message = command.equals("RejectOrder")
                ? new RejectOrderCommand(ORDER, OrderReason.RESTAURANT_REJECTED)
                : COMMANDS.get(command);
        given(status)
                .when(message)
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(ErrorCode.ILLEGAL_ORDER_STATE.name())
                .expectNoEvents();
    }

    private org.axonframework.test.aggregate.TestExecutor<Order> given(OrderStatus status) {
        return fixture.given(historyUpTo(status));
    }

    private void refusedOnCreation(PlaceOrderCommand command, ErrorCode code) {
        ResultValidator<Order> result = fixture.givenNoPriorActivity()
                .when(command)
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(code.name());
        result.expectNoEvents();
    }

    private static List<Object> concat(List<Object> history, Object event) {
        List<Object> all = new java.util.ArrayList<>(history);
        all.add(event);
        return Collections.unmodifiableList(all);
    }
}
