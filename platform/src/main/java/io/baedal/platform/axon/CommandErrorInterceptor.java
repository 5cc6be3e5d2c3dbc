package io.baedal.platform.axon;

import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import java.util.List;
import java.util.ServiceLoader;
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
 * A command whose aggregate does not exist is answered with the code its context contributed
 * ({@link NotFoundCode}), else {@code NOT_FOUND}.
 */
public class CommandErrorInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final List<NotFoundCode> notFoundCodes;

    /** With the not-found codes of every context on the class path. */
    public CommandErrorInterceptor() {
        this(ServiceLoader.load(NotFoundCode.class, CommandErrorInterceptor.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .toList());
    }

    public CommandErrorInterceptor(List<NotFoundCode> notFoundCodes) {
        this.notFoundCodes = List.copyOf(notFoundCodes);
    }

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

    ErrorCode notFoundCodeFor(String commandName) {
        return notFoundCodes.stream()
                .filter(context -> context.covers(commandName))
                .map(NotFoundCode::code)
                .findFirst()
                .orElse(ErrorCode.NOT_FOUND);
    }
}
