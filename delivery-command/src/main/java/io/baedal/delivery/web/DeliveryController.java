package io.baedal.delivery.web;

import io.baedal.coreapi.delivery.ClaimDeliveryCommand;
import io.baedal.coreapi.delivery.CompleteDeliveryCommand;
import io.baedal.coreapi.delivery.DeliveryId;
import io.baedal.coreapi.delivery.PickUpDeliveryCommand;
import io.baedal.coreapi.delivery.RiderId;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.platform.web.Refusals;
import io.baedal.platform.web.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Rider commands of the REST contract. */
@RestController
@RequestMapping("/api/deliveries/{deliveryId}")
@Tag(name = "Delivery", description = "A rider claims, picks up and delivers an order; the board is under Views")
class DeliveryController {

    /** The rider is the signed-in one: {@code riderId} may be left out, and must be theirs if given. */
    @Schema(example = "{\"riderId\": \"rider-1\"}")
    record RiderRequest(@Size(max = 64) String riderId) {
    }

    private final CommandGateway commandGateway;

    DeliveryController(CommandGateway commandGateway) {
        this.commandGateway = commandGateway;
    }

    @Operation(summary = "Claim a delivery", description = "The first rider to claim it gets it; another gets 409.")
    @Refusals({ErrorCode.DELIVERY_NOT_FOUND, ErrorCode.DELIVERY_ALREADY_CLAIMED, ErrorCode.ILLEGAL_DELIVERY_STATE,
            ErrorCode.CONCURRENT_MODIFICATION, ErrorCode.SERVICE_UNAVAILABLE})
    @PostMapping("/claim")
    ResponseEntity<Void> claim(@PathVariable String deliveryId, @Valid @RequestBody(required = false) RiderRequest request) {
        return send(deliveryId, request, ClaimDeliveryCommand::new);
    }

    @Operation(summary = "Pick up a claimed delivery", description = "Only the rider who claimed it, once the food is ready.")
    @Refusals({ErrorCode.DELIVERY_NOT_FOUND, ErrorCode.NOT_ASSIGNED_RIDER, ErrorCode.ILLEGAL_DELIVERY_STATE,
            ErrorCode.CONCURRENT_MODIFICATION, ErrorCode.SERVICE_UNAVAILABLE})
    @PostMapping("/pick-up")
    ResponseEntity<Void> pickUp(@PathVariable String deliveryId, @Valid @RequestBody(required = false) RiderRequest request) {
        return send(deliveryId, request, PickUpDeliveryCommand::new);
    }

    @Operation(summary = "Hand a delivery over to the customer", description = "Only the rider who picked it up.")
    @Refusals({ErrorCode.DELIVERY_NOT_FOUND, ErrorCode.NOT_ASSIGNED_RIDER, ErrorCode.ILLEGAL_DELIVERY_STATE,
            ErrorCode.CONCURRENT_MODIFICATION, ErrorCode.SERVICE_UNAVAILABLE})
    @PostMapping("/deliver")
    ResponseEntity<Void> deliver(@PathVariable String deliveryId, @Valid @RequestBody(required = false) RiderRequest request) {
        return send(deliveryId, request, CompleteDeliveryCommand::new);
    }

    private ResponseEntity<Void> send(String deliveryId, RiderRequest request,
                                      BiFunction<DeliveryId, RiderId, Object> command) {
        String rider = Caller.current().ownId(request == null ? null : request.riderId(), "riderId");
        commandGateway.sendAndWait(command.apply(new DeliveryId(deliveryId), new RiderId(rider)));
        return ResponseEntity.accepted().build();
    }
}
