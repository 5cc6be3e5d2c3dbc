package io.baedal.query.web;

import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.order.CustomerId;
import io.baedal.coreapi.order.CustomerNotificationsView;
import io.baedal.coreapi.order.FindCustomerNotificationsQuery;
import io.baedal.coreapi.order.FindCustomerOrdersQuery;
import io.baedal.coreapi.order.NotificationView;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderPage;
import io.baedal.coreapi.order.OrderStatusView;
import io.baedal.platform.web.Refusals;
import io.baedal.platform.web.security.Caller;
import io.baedal.query.QueryProperties;
import io.baedal.query.orderstatus.OrderStatusReader;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/** The customer's reads of the REST contract: one order, its live stream, their orders and notifications. */
@RestController
@Tag(name = "Views", description = "Reads of the views the events build: an order's status and stream, a customer's orders and notifications, the kitchen queue, the rider board")
class OrderQueryController {

    private final OrderStatusReader reader;
    private final QueryGateway queryGateway;
    private final QueryProperties properties;

    OrderQueryController(OrderStatusReader reader, QueryGateway queryGateway, QueryProperties properties) {
        this.reader = reader;
        this.queryGateway = queryGateway;
        this.properties = properties;
    }

    /**
     * With {@code minVersion}, waits (up to {@code baedal.query.read-your-writes-timeout}) until the
     * view has caught up with a change the client caused: after placing an order ask for version 1,
     * after another command for one more than the version last seen.
     */
    @Operation(summary = "Read an order's status", description = "With minVersion, waits until the view has "
            + "caught up with a change the caller made (read your writes).")
    @Refusals({ErrorCode.ORDER_NOT_FOUND, ErrorCode.VALIDATION_FAILED})
    @GetMapping("/api/orders/{orderId}")
    OrderStatusView order(@PathVariable String orderId, @RequestParam(required = false) Long minVersion) {
        OrderId id = new OrderId(orderId);
        if (minVersion == null) {
            return ownOrder(reader.current(id));
        }
        if (minVersion < 0) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "minVersion must not be negative");
        }
        return ownOrder(reader.atLeast(id, minVersion));
    }

    /**
     * One event per change of the view; the stream ends when the order reaches a terminal status.
     * Opened right after placing an order, it waits for the view to exist like {@code minVersion=1}.
     */
    @Operation(summary = "Follow an order's status as Server-Sent Events", description = "One event per change of "
            + "the view; the stream ends when the order reaches a terminal status.")
    @Refusals({ErrorCode.ORDER_NOT_FOUND, ErrorCode.VALIDATION_FAILED})
    @GetMapping(path = "/api/orders/{orderId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<OrderStatusView>> stream(@PathVariable String orderId) {
        OrderId id = new OrderId(orderId);
        ownOrder(reader.atLeast(id, 1));
        return reader.follow(id).map(view -> ServerSentEvent.builder(view)
                .id(Long.toString(view.version()))
                .event("order-status")
                .build());
    }

    @Operation(summary = "List a customer's orders, newest first")
    @Refusals({ErrorCode.CUSTOMER_NOT_FOUND, ErrorCode.VALIDATION_FAILED})
    @GetMapping("/api/customers/{customerId}/orders")
    OrderPage customerOrders(@PathVariable String customerId,
                             @RequestParam(defaultValue = "0") int page,
                             @RequestParam(defaultValue = "20") int size) {
        if (page < 0 || size < 1 || size > properties.maxPageSize()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    "page must be 0 or more and size between 1 and " + properties.maxPageSize());
        }
        requireOwn(customerId);
        OrderPage orders = ordersOf(new CustomerId(customerId), page, size);
        if (orders.totalElements() == 0) {
            throw unknownCustomer(customerId);
        }
        return orders;
    }

    @Operation(summary = "List the messages sent to a customer", description = "One per status change of their orders.")
    @Refusals({ErrorCode.CUSTOMER_NOT_FOUND, ErrorCode.VALIDATION_FAILED})
    @GetMapping("/api/customers/{customerId}/notifications")
    List<NotificationView> notifications(@PathVariable String customerId) {
        requireOwn(customerId);
        CustomerId id = new CustomerId(customerId);
        if (ordersOf(id, 0, 1).totalElements() == 0) {
            throw unknownCustomer(customerId);
        }
        return queryGateway.query(new FindCustomerNotificationsQuery(id), CustomerNotificationsView.class).join()
                .notifications();
    }

    /** Another customer's order answers as if it did not exist, so that order ids cannot be probed. */
    private static OrderStatusView ownOrder(OrderStatusView view) {
        if (!Caller.current().isSubject(view.customerId().value())) {
            throw new DomainException(ErrorCode.ORDER_NOT_FOUND, "No order with id " + view.orderId().value());
        }
        return view;
    }

    private static void requireOwn(String customerId) {
        if (!Caller.current().isSubject(customerId)) {
            throw unknownCustomer(customerId);
        }
    }

    private OrderPage ordersOf(CustomerId customerId, int page, int size) {
        return queryGateway.query(new FindCustomerOrdersQuery(customerId, page, size), OrderPage.class).join();
    }

    /** Customers are known by their orders: one who never ordered is unknown here. */
    private static DomainException unknownCustomer(String customerId) {
        return new DomainException(ErrorCode.CUSTOMER_NOT_FOUND, "No orders of customer " + customerId);
    }
}
