package io.baedal.platform.axon;

import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Puts our error code into the details of a {@link CommandExecutionException}, the only part of a
 * handler's failure that Axon Server carries back to the sender. Standalone mode goes through the
 * same path, so the REST layer reads the code the same way in both modes. Failures of the commit
 * itself (a concurrent append) happen after this interceptor returns; the REST layer maps those.
 */
public class CommandErrorInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        try {
            return chain.proceed();
        } catch (DomainException e) {
            throw new CommandExecutionException(e.getMessage(), e, e.code().name());
        } catch (AggregateNotFoundException e) {
            ErrorCode code = notFoundCodeFor(unitOfWork.getMessage().getCommandName());
            throw new CommandExecutionException(
                    code.title() + ": " + e.getAggregateIdentifier(), e, code.name());
        }
    }

    static ErrorCode notFoundCodeFor(String commandName) {
        String context = commandName.substring(0, Math.max(0, commandName.lastIndexOf('.')));
        return switch (context) {
            case "io.baedal.coreapi.order" -> ErrorCode.ORDER_NOT_FOUND;
            case "io.baedal.coreapi.kitchen" -> ErrorCode.TICKET_NOT_FOUND;
            case "io.baedal.coreapi.delivery" -> ErrorCode.DELIVERY_NOT_FOUND;
            case "io.baedal.coreapi.payment" -> ErrorCode.PAYMENT_NOT_FOUND;
            default -> ErrorCode.NOT_FOUND;
        };
    }
}
