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
import java.util.List;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The kitchen queue and the rider board of the REST contract. */
@RestController
class BoardController {

    private final QueryGateway queryGateway;

    BoardController(QueryGateway queryGateway) {
        this.queryGateway = queryGateway;
    }

    @GetMapping("/api/restaurants/{restaurantId}/tickets")
    List<KitchenTicketView> kitchenQueue(@PathVariable String restaurantId,
                                         @RequestParam(required = false) TicketStatus status) {
        RestaurantId id = new RestaurantId(restaurantId);
        queryGateway.query(new FindRestaurantQuery(id), ResponseTypes.optionalInstanceOf(RestaurantView.class)).join()
                .orElseThrow(() -> new DomainException(ErrorCode.RESTAURANT_NOT_FOUND, "No restaurant with id " + restaurantId));
        return queryGateway.query(new FindKitchenTicketsQuery(id, status), KitchenQueueView.class).join().tickets();
    }

    @GetMapping("/api/deliveries")
    List<DeliveryView> riderBoard(@RequestParam(required = false) String zone,
                                  @RequestParam(required = false) DeliveryStatus status) {
        String zoneFilter = zone == null || zone.isBlank() ? null : zone;
        return queryGateway.query(new FindDeliveriesQuery(zoneFilter, status), RiderBoardView.class).join().deliveries();
    }
}
