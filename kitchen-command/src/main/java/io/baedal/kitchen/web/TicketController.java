package io.baedal.kitchen.web;

import io.baedal.coreapi.kitchen.AcceptTicketCommand;
import io.baedal.coreapi.kitchen.FinishCookingCommand;
import io.baedal.coreapi.kitchen.RejectTicketCommand;
import io.baedal.coreapi.kitchen.StartCookingCommand;
import io.baedal.coreapi.kitchen.TicketId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
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
class TicketController {

    record RejectTicketRequest(@NotBlank @Size(max = 500) String reason) {
    }

    private final CommandGateway commandGateway;

    TicketController(CommandGateway commandGateway) {
        this.commandGateway = commandGateway;
    }

    @PostMapping("/accept")
    ResponseEntity<Void> accept(@PathVariable String ticketId) {
        return send(new AcceptTicketCommand(new TicketId(ticketId)));
    }

    @PostMapping("/reject")
    ResponseEntity<Void> reject(@PathVariable String ticketId, @Valid @RequestBody RejectTicketRequest request) {
        return send(new RejectTicketCommand(new TicketId(ticketId), request.reason()));
    }

    @PostMapping("/start-cooking")
    ResponseEntity<Void> startCooking(@PathVariable String ticketId) {
        return send(new StartCookingCommand(new TicketId(ticketId)));
    }

    @PostMapping("/finish-cooking")
    ResponseEntity<Void> finishCooking(@PathVariable String ticketId) {
        return send(new FinishCookingCommand(new TicketId(ticketId)));
    }

    private ResponseEntity<Void> send(Object command) {
        commandGateway.sendAndWait(command);
        return ResponseEntity.accepted().build();
    }
}
