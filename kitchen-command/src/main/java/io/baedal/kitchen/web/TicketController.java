package io.baedal.kitchen.web;

import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.kitchen.AcceptTicketCommand;
import io.baedal.coreapi.kitchen.FinishCookingCommand;
import io.baedal.coreapi.kitchen.RejectTicketCommand;
import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.kitchen.StartCookingCommand;
import io.baedal.coreapi.kitchen.TicketId;
import io.baedal.platform.web.Refusals;
import io.baedal.platform.web.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Kitchen commands of the REST contract: the restaurant works its tickets. */
@RestController
@RequestMapping("/api/tickets/{ticketId}")
@Tag(name = "Kitchen", description = "The restaurant catalogue, and a restaurant working its tickets")
class TicketController {

    @Schema(example = "{\"reason\": \"Out of rice\"}")
    record RejectTicketRequest(@NotBlank @Size(max = 500) String reason) {
    }

    private final CommandGateway commandGateway;

    TicketController(CommandGateway commandGateway) {
        this.commandGateway = commandGateway;
    }

    @Operation(summary = "Accept a ticket", description = "Only a restaurant that runs the ticket's restaurant; "
            + "another's ticket answers as unknown.")
    @Refusals({ErrorCode.TICKET_NOT_FOUND, ErrorCode.ILLEGAL_TICKET_STATE, ErrorCode.VALIDATION_FAILED,
            ErrorCode.CONCURRENT_MODIFICATION, ErrorCode.SERVICE_UNAVAILABLE})
    @PostMapping("/accept")
    ResponseEntity<Void> accept(@PathVariable String ticketId) {
        return send(new AcceptTicketCommand(new TicketId(ticketId), restaurantsOfCaller()));
    }

    @Operation(summary = "Reject a ticket", description = "The order is then rejected and its payment refunded.")
    @Refusals({ErrorCode.TICKET_NOT_FOUND, ErrorCode.ILLEGAL_TICKET_STATE, ErrorCode.VALIDATION_FAILED,
            ErrorCode.CONCURRENT_MODIFICATION, ErrorCode.SERVICE_UNAVAILABLE})
    @PostMapping("/reject")
    ResponseEntity<Void> reject(@PathVariable String ticketId, @Valid @RequestBody RejectTicketRequest request) {
        return send(new RejectTicketCommand(new TicketId(ticketId), request.reason(), restaurantsOfCaller()));
    }

    @Operation(summary = "Start cooking an accepted ticket", description = "From now on the order cannot be cancelled.")
    @Refusals({ErrorCode.TICKET_NOT_FOUND, ErrorCode.ILLEGAL_TICKET_STATE, ErrorCode.VALIDATION_FAILED,
            ErrorCode.CONCURRENT_MODIFICATION, ErrorCode.SERVICE_UNAVAILABLE})
    @PostMapping("/start-cooking")
    ResponseEntity<Void> startCooking(@PathVariable String ticketId) {
        return send(new StartCookingCommand(new TicketId(ticketId), restaurantsOfCaller()));
    }

    @Operation(summary = "Finish cooking a ticket", description = "The order is ready for pickup.")
    @Refusals({ErrorCode.TICKET_NOT_FOUND, ErrorCode.ILLEGAL_TICKET_STATE, ErrorCode.VALIDATION_FAILED,
            ErrorCode.CONCURRENT_MODIFICATION, ErrorCode.SERVICE_UNAVAILABLE})
    @PostMapping("/finish-cooking")
    ResponseEntity<Void> finishCooking(@PathVariable String ticketId) {
        return send(new FinishCookingCommand(new TicketId(ticketId), restaurantsOfCaller()));
    }

    /** The restaurants the signed-in account runs: a ticket of any other answers as unknown. */
    private static Set<RestaurantId> restaurantsOfCaller() {
        return Caller.current().restaurants().stream().map(RestaurantId::new).collect(Collectors.toSet());
    }

    private ResponseEntity<Void> send(Object command) {
        commandGateway.sendAndWait(command);
        return ResponseEntity.accepted().build();
    }
}
