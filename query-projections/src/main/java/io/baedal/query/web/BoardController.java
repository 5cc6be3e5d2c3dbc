package io.baedal.query.web;

import io.baedal.coreapi.delivery.DeliveryStatus;
import io.baedal.coreapi.delivery.DeliveryView;
import io.baedal.coreapi.delivery.FindDeliveriesQuery;
import io.baedal.coreapi.delivery.RiderBoardView;
import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.kitchen.FindKitchenTicketsQuery;
import io.baedal.coreapi.kitchen.FindRestaurantQuery;
import io.baedal.coreapi.kitchen.KitchenQueueView;
import io.baedal.coreapi.kitchen.KitchenTicketView;
import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.kitchen.RestaurantView;
import io.baedal.coreapi.kitchen.TicketStatus;
import io.baedal.platform.web.security.Caller;
import java.util.List;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import io.baedal.platform.web.Refusals;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The kitchen queue and the rider board of the REST contract. */
@RestController
@Tag(name = "Views")
class BoardController {

    private final QueryGateway queryGateway;

    BoardController(QueryGateway queryGateway) {
        this.queryGateway = queryGateway;
    }

    @Operation(summary = "List a restaurant's tickets", description = "Only a restaurant that runs it; optionally of one status.")
    @Refusals({ErrorCode.RESTAURANT_NOT_FOUND, ErrorCode.VALIDATION_FAILED})
    @GetMapping("/api/restaurants/{restaurantId}/tickets")
    List<KitchenTicketView> kitchenQueue(@PathVariable String restaurantId,
                                         @RequestParam(required = false) TicketStatus status) {
        if (!Caller.current().runs(restaurantId)) {
            throw new DomainException(ErrorCode.FORBIDDEN, "Restaurant " + restaurantId + " is not one you run");
        }
        RestaurantId id = new RestaurantId(restaurantId);
        queryGateway.query(new FindRestaurantQuery(id), ResponseTypes.optionalInstanceOf(RestaurantView.class)).join()
                .orElseThrow(() -> new DomainException(ErrorCode.RESTAURANT_NOT_FOUND, "No restaurant with id " + restaurantId));
        return queryGateway.query(new FindKitchenTicketsQuery(id, status), KitchenQueueView.class).join().tickets();
    }

    @Operation(summary = "The rider board: deliveries in the rider's zones", description = "Filter by zone (one of "
            + "the rider's) and status, e.g. AWAITING_RIDER.")
    @Refusals(ErrorCode.VALIDATION_FAILED)
    @GetMapping("/api/deliveries")
    List<DeliveryView> riderBoard(@RequestParam(required = false) String zone,
                                  @RequestParam(required = false) DeliveryStatus status) {
        Caller rider = Caller.current();
        String zoneFilter = zone == null || zone.isBlank() ? null : zone;
        if (zoneFilter != null && !rider.ridesIn(zoneFilter)) {
            throw new DomainException(ErrorCode.FORBIDDEN, "Zone " + zoneFilter + " is not one of your zones "
                    + rider.zones());
        }
        // Without a zone: the board of every zone the rider rides in.
        return queryGateway.query(new FindDeliveriesQuery(zoneFilter, status), RiderBoardView.class).join()
                .deliveries().stream()
                .filter(delivery -> rider.ridesIn(delivery.zone()))
                .toList();
    }
}
