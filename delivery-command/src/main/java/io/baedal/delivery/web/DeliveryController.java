package io.baedal.delivery.web;

import io.baedal.coreapi.delivery.ClaimDeliveryCommand;
import io.baedal.coreapi.delivery.CompleteDeliveryCommand;
import io.baedal.coreapi.delivery.DeliveryId;
import io.baedal.coreapi.delivery.PickUpDeliveryCommand;
import io.baedal.coreapi.delivery.RiderId;
import io.baedal.platform.web.security.Caller;
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
class DeliveryController {

    /** The rider is the signed-in one: {@code riderId} may be left out, and must be theirs if given. */
    record RiderRequest(@Size(max = 64) String riderId) {
    }

    private final CommandGateway commandGateway;

    DeliveryController(CommandGateway commandGateway) {
        this.commandGateway = commandGateway;
    }

    @PostMapping("/claim")
    ResponseEntity<Void> claim(@PathVariable String deliveryId, @Valid @RequestBody(required = false) RiderRequest request) {
        return send(deliveryId, request, ClaimDeliveryCommand::new);
    }

    @PostMapping("/pick-up")
    ResponseEntity<Void> pickUp(@PathVariable String deliveryId, @Valid @RequestBody(required = false) RiderRequest request) {
        return send(deliveryId, request, PickUpDeliveryCommand::new);
    }

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
