package io.baedal.platform.axon;

import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import java.util.Optional;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

/** Tells a command refused by a rule (with its code) from one that failed for a technical reason. */
public final class CommandFailures {

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
        if (failure instanceof ConcurrencyException && String.valueOf(failure.getMessage()).contains("already")) {
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
}
