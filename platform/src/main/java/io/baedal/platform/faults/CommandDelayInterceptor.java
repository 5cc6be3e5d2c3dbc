package io.baedal.platform.faults;

import java.time.Duration;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A slow participant, on purpose: before a command is handled, waits for the delay its participant
 * has in {@link FaultSwitches#commandDelays()}. The participant is the last package segment of the
 * command's name, so the platform needs to know no context.
 */
public class CommandDelayInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(CommandDelayInterceptor.class);
    private final Faults faults;

    public CommandDelayInterceptor(Faults faults) {
        this.faults = faults;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        String commandName = unitOfWork.getMessage().getCommandName();
        Duration delay = faults.current().commandDelay(participantOf(commandName));
        if (!delay.isZero()) {
            log.debug("Fault switch: holding {} for {}", commandName, delay);
            Thread.sleep(delay.toMillis());
        }
        return chain.proceed();
    }

    /** {@code io.baedal.coreapi.kitchen.AcceptTicketCommand}: {@code kitchen}. */
    static String participantOf(String commandName) {
        int lastDot = commandName.lastIndexOf('.');
        if (lastDot < 0) {
            return "";
        }
        String packageName = commandName.substring(0, lastDot);
        return packageName.substring(packageName.lastIndexOf('.') + 1);
    }
}
