package io.baedal.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import io.axoniq.axonserver.connector.AxonServerException;
import io.axoniq.axonserver.connector.ErrorCategory;
import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.kitchen.AcceptTicketCommand;
import io.baedal.coreapi.kitchen.TicketId;
import io.baedal.coreapi.order.MarkOrderCookingCommand;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderPaidEvent;
import io.baedal.coreapi.payment.PaymentId;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.axonframework.axonserver.connector.query.AxonServerQueryDispatchException;
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
    void creatingAnAggregateAxonServerAlreadyHoldsIsADuplicateButALaterSequenceClashIsNot() {
        assertThat(CommandFailures.refusal(new CommandExecutionException("OUT_OF_RANGE: [AXONIQ-2000] Invalid sequence "
                + "number 0 for aggregate de29f705-d423-334d-b6b9-be39b9c64bf5, expected 2", null, null)))
                .contains(ErrorCode.DUPLICATE_ID);
        assertThat(CommandFailures.refusal(new CommandExecutionException("OUT_OF_RANGE: [AXONIQ-2000] Invalid sequence "
                + "number 3 for aggregate de29f705-d423-334d-b6b9-be39b9c64bf5, expected 4", null, null))).isEmpty();
    }

    @Test
    void anythingElseIsTechnical() {
        assertThat(CommandFailures.refusal(new IllegalStateException("database down"))).isEmpty();
        assertThat(CommandFailures.refusal(new CommandExecutionException("remote failure", null, null))).isEmpty();
    }

    @Test
    void aCommandAxonServerCouldNotDispatchWasNotDelivered() {
        AxonServerException dispatch = new AxonServerException(ErrorCategory.COMMAND_DISPATCH_ERROR,
                "Received exception while dispatching command", "client", new IllegalStateException("UNAVAILABLE"));

        assertThat(CommandFailures.undelivered(new CompletionException(dispatch))).isTrue();
        assertThat(CommandFailures.refusal(new CompletionException(dispatch))).isEmpty();
    }

    @Test
    void aCommandWhoseHandlerDiedBeforeAnsweringIsSentAgainNotRefused() {
        var lost = new org.axonframework.axonserver.connector.AxonServerException("AXONIQ-4001",
                "Connection lost while executing command on: 6183@vm");

        assertThat(CommandFailures.undelivered(new CompletionException(lost))).isTrue();
        assertThat(CommandFailures.refusal(lost)).isEmpty();
    }

    @Test
    void aCommandWhoseHandlerWasKilledMidCommandIsSentAgainWhateverCodeTheConnectorGaveIt() {
        // As the connector converted it when an order instance was killed under load (DistributedModeTest).
        var lost = new org.axonframework.axonserver.connector.AxonServerException("AXONIQ-4002",
                "Connection lost while executing command on: 5082@vm");
        var failed = new org.axonframework.axonserver.connector.AxonServerException("AXONIQ-4002",
                "Order o-1 can no longer be cancelled");

        assertThat(CommandFailures.undelivered(new CompletionException(lost))).isTrue();
        assertThat(CommandFailures.undelivered(new CompletionException(failed))).isFalse();
    }

    @Test
    void aQueryAxonServerCouldNotDispatchWasNotDelivered() {
        assertThat(CommandFailures.undelivered(new CompletionException(
                new AxonServerQueryDispatchException("AXONIQ-5002", "UNAVAILABLE")))).isTrue();
    }

    @Test
    void otherFailuresWereDelivered() {
        assertThat(CommandFailures.undelivered(new AxonServerException(ErrorCategory.COMMAND_EXECUTION_ERROR,
                "handler failed", "client"))).isFalse();
        assertThat(CommandFailures.undelivered(new CommandExecutionException("no", null, "ILLEGAL_ORDER_STATE"))).isFalse();
        assertThat(CommandFailures.undelivered(new IllegalStateException("database down"))).isFalse();
    }

    /** Two contexts' contributions, as their modules make them. */
    static final class OrderCodes extends NotFoundCode {
        OrderCodes() {
            super(MarkOrderCookingCommand.class, ErrorCode.ORDER_NOT_FOUND);
        }
    }

    static final class KitchenCodes extends NotFoundCode {
        KitchenCodes() {
            super(AcceptTicketCommand.class, ErrorCode.TICKET_NOT_FOUND);
        }
    }

    @Test
    void anUnknownAggregateIsNotFoundInTheContextThatContributedItsCommands() {
        CommandErrorInterceptor interceptor = new CommandErrorInterceptor(List.of(new OrderCodes(), new KitchenCodes()));

        assertThat(interceptor.notFoundCodeFor(MarkOrderCookingCommand.class.getName())).isEqualTo(ErrorCode.ORDER_NOT_FOUND);
        assertThat(interceptor.notFoundCodeFor(AcceptTicketCommand.class.getName())).isEqualTo(ErrorCode.TICKET_NOT_FOUND);
        assertThat(interceptor.notFoundCodeFor("io.baedal.coreapi.order.sub.SomeCommand")).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(interceptor.notFoundCodeFor("com.example.Unknown")).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void theServicesOnTheClassPathContributeTheCodesAndThePlatformAloneHasNone() {
        assertThat(new CommandErrorInterceptor().notFoundCodeFor(MarkOrderCookingCommand.class.getName()))
                .as("platform knows no context").isEqualTo(ErrorCode.NOT_FOUND);
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
