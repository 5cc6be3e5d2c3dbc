package io.baedal.platform.axon;

import io.axoniq.axonserver.connector.AxonServerException;
import io.axoniq.axonserver.connector.ErrorCategory;
import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.axonframework.axonserver.connector.command.AxonServerCommandDispatchException;
import org.axonframework.axonserver.connector.query.AxonServerQueryDispatchException;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.modelling.command.AggregateStreamCreationException;

/**
 * Tells a command refused by a rule (with its code) from one that failed for a technical reason,
 * and among those, a message that never got through because Axon Server could not be reached.
 */
public final class CommandFailures {

    /** What Axon Server's connector reports when it cannot deliver a message at all. */
    private static final Set<ErrorCategory> NOT_DELIVERED = EnumSet.of(ErrorCategory.CONNECTION_FAILED,
            ErrorCategory.COMMAND_DISPATCH_ERROR, ErrorCategory.QUERY_DISPATCH_ERROR);

    /**
     * How Axon Server refuses the first event of an aggregate that already has events (its error
     * AXONIQ-2000 on sequence number 0): the JPA store's duplicate key, as it reaches the sender
     * through the bus (the failure happens when the events are stored, after the handler returned,
     * so the handler's error-code interceptor never sees it).
     */
    private static final String AXON_SERVER_CREATED_TWICE = "[AXONIQ-2000] Invalid sequence number 0 ";

    /** Axon Server's code for a command whose handling instance disconnected before it answered. */
    private static final String HANDLER_LOST = "AXONIQ-4001";
    /**
     * How the connector reports the same when the handling instance was killed mid-command (seen
     * with kill -9 of an order instance under load): the outcome is unknown, as with AXONIQ-4001.
     */
    private static final String CONNECTION_LOST_WHILE_EXECUTING = "Connection lost while executing command";

    private CommandFailures() {
    }

    /** The error code of a refusal, or empty for a technical failure worth retrying. */
    public static Optional<ErrorCode> refusal(Throwable failure) {
        if (failure instanceof DomainException domain) {
            return Optional.of(domain.code());
        }
        if (failure instanceof AggregateStreamCreationException) {
            return Optional.of(ErrorCode.DUPLICATE_ID);
        }
        // Any other ConcurrencyException is two changes meeting on one aggregate (the store's "event
        // ... at sequence n was already inserted"): technical, worth sending again, not a duplicate.
        if (String.valueOf(failure.getMessage()).contains(AXON_SERVER_CREATED_TWICE)) {
            return Optional.of(ErrorCode.DUPLICATE_ID);
        }
        if (failure instanceof HandlerExecutionException handlerFailure) {
            Optional<ErrorCode> code = handlerFailure.getDetails().flatMap(ErrorCode::named);
            if (code.isPresent()) {
                return code;
            }
        }
        return failure.getCause() != null && failure.getCause() != failure
                ? refusal(failure.getCause())
                : Optional.empty();
    }

    /**
     * Whether a command or query failed because it could not be dispatched through Axon Server (it
     * is down or unreachable), or because the instance handling it went away before it answered
     * (Axon Server's AXONIQ-4001: the outcome is unknown): a technical failure that sending the
     * message again later may cure, and that a client may send again with its idempotency key.
     * The connector reports a command as {@link AxonServerException} with a dispatch category (the
     * gRPC status as its cause), a query as {@link AxonServerQueryDispatchException} (status as message).
     */
    public static boolean undelivered(Throwable failure) {
        for (Throwable current = failure; current != null; current = current.getCause() == current ? null : current.getCause()) {
            if (current instanceof AxonServerException connector && NOT_DELIVERED.contains(connector.getErrorCategory())) {
                return true;
            }
            if (current instanceof org.axonframework.axonserver.connector.AxonServerException framework
                    && (HANDLER_LOST.equals(framework.code())
                    || String.valueOf(framework.getMessage()).startsWith(CONNECTION_LOST_WHILE_EXECUTING))) {
                return true;
            }
            if (current instanceof AxonServerCommandDispatchException || current instanceof AxonServerQueryDispatchException) {
                return true;
            }
        }
        return false;
    }
}
