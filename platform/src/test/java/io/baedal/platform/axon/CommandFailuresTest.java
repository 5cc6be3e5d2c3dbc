package io.baedal.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.kitchen.AcceptTicketCommand;
import io.baedal.coreapi.kitchen.TicketId;
import io.baedal.coreapi.order.MarkOrderCookingCommand;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderPaidEvent;
import io.baedal.coreapi.payment.PaymentId;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.junit.jupiter.api.Test;

class CommandFailuresTest {

    @Test
    void aDomainRefusalKeepsItsCode() {
        assertThat(CommandFailures.refusal(new DomainException(ErrorCode.ILLEGAL_ORDER_STATE, "no")))
                .contains(ErrorCode.ILLEGAL_ORDER_STATE);
    }

    @Test
    void aRefusalThatCrossedTheBusIsReadFromItsDetails() {
        assertThat(CommandFailures.refusal(new CommandExecutionException("no", null, "DELIVERY_ALREADY_CLAIMED")))
                .contains(ErrorCode.DELIVERY_ALREADY_CLAIMED);
    }

    @Test
    void creatingAnExistingAggregateIsADuplicate() {
        assertThat(CommandFailures.refusal(new AggregateStreamCreationException("exists")))
                .contains(ErrorCode.DUPLICATE_ID);
    }

    @Test
    void anythingElseIsTechnical() {
        assertThat(CommandFailures.refusal(new IllegalStateException("database down"))).isEmpty();
        assertThat(CommandFailures.refusal(new CommandExecutionException("remote failure", null, null))).isEmpty();
    }

    @Test
    void anUnknownAggregateIsNotFoundInItsOwnContext() {
        assertThat(CommandErrorInterceptor.notFoundCodeFor(MarkOrderCookingCommand.class.getName()))
                .isEqualTo(ErrorCode.ORDER_NOT_FOUND);
        assertThat(CommandErrorInterceptor.notFoundCodeFor(AcceptTicketCommand.class.getName()))
                .isEqualTo(ErrorCode.TICKET_NOT_FOUND);
        assertThat(CommandErrorInterceptor.notFoundCodeFor("com.example.Unknown")).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void theLoggingContextFindsTheOrderOfCommandsAndEvents() {
        OrderId order = new OrderId("o-1");
        assertThat(LoggingContextInterceptor.orderIdOf(new MarkOrderCookingCommand(order))).isEqualTo(order);
        assertThat(LoggingContextInterceptor.orderIdOf(new OrderPaidEvent(order, new PaymentId("p-1")))).isEqualTo(order);
        assertThat(LoggingContextInterceptor.orderIdOf(new AcceptTicketCommand(new TicketId("t-1")))).isNull();
        assertThat(LoggingContextInterceptor.orderIdOf("not a record")).isNull();
    }
}
