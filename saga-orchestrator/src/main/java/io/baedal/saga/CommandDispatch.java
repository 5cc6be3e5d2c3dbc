package io.baedal.saga;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.platform.axon.CommandFailures;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Sends the saga's commands and deals with their failures, so that the saga only decides what to
 * send and reads the outcome. A refusal by a rule is recorded as a saga failure, and a refusal
 * that only says another actor got there first (see {@link Step#racesWithTheOrder}) as a race: the
 * events that follow decide. A technical failure is sent again after a backoff
 * ({@value OrderSaga#COMMAND_RETRY_DEADLINE} deadline, whose payload is the {@link Step}); once the
 * attempts run out it is recorded as a saga failure, and then a step that may give up (a payment
 * attempt) gives up, while any other goes on being retried at the longest delay, so that no order
 * is left half-way.
 *
 * <p>Stored with its saga: how often each step has failed in a row for a technical reason.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
final class CommandDispatch {

    /** What became of a command. */
    enum Outcome {
        /** Done, or a creation that had been done already. */
        DONE,
        /** Refused by a rule: recorded as a failure. */
        REFUSED,
        /** Refused because another actor changed the aggregate first: recorded as a race. */
        LOST_A_RACE,
        /** Failed for a technical reason: sent again after a backoff. */
        WILL_RETRY,
        /** A step that may give up ran out of attempts: it is not sent again. */
        GAVE_UP
    }

    private Map<Step, Integer> technicalFailures = new EnumMap<>(Step.class);
    /**
     * The schedule id of each step's pending retry, so that the saga's end cancels them by id: a
     * cancellation by name scans every pending deadline of every saga. Null in a saga saved before
     * it was kept, whose pending retries are then cancelled by name ({@link #cancelRetries}).
     */
    private Map<Step, String> pendingRetries;

    /** From the saga's start on, its retries are cancelled by their ids. */
    void keepRetryIds() {
        pendingRetries = new EnumMap<>(Step.class);
    }

    Outcome send(SagaContext saga, Step step, Object command) {
        try {
            saga.commands().sendAndWait(command, saga.properties().commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
            technicalFailures.remove(step);
            return Outcome.DONE;
        } catch (RuntimeException e) {
            Optional<ErrorCode> refusal = CommandFailures.refusal(e);
            if (refusal.isPresent()) {
                return refused(saga, step, refusal.get(), e);
            }
            return failedTechnically(saga, step, e);
        }
    }

    private static Outcome refused(SagaContext saga, Step step, ErrorCode code, RuntimeException e) {
        if (code == ErrorCode.DUPLICATE_ID && step.isCreation()) {
            return Outcome.DONE;
        }
        if (step.racesWithTheOrder(code)) {
            saga.monitor().race(saga.orderId(), saga.sagaId(), step, code.name(), e);
            return Outcome.LOST_A_RACE;
        }
        saga.monitor().failure(saga.orderId(), saga.sagaId(), step, code.name(), e);
        return Outcome.REFUSED;
    }

    private Outcome failedTechnically(SagaContext saga, Step step, RuntimeException e) {
        int attempt = technicalFailures.merge(step, 1, Integer::sum);
        SagaProperties.Backoff retry = saga.properties().commandRetry();
        if (attempt == retry.maxAttempts()) {
            saga.monitor().failure(saga.orderId(), saga.sagaId(), step, SagaMonitor.RETRIES_EXHAUSTED, e);
            if (step.isPaymentAttempt()) {
                technicalFailures.remove(step);
                return Outcome.GAVE_UP;
            }
        }
        saga.monitor().retrying(saga.orderId(), saga.sagaId(), step, attempt, e);
        String scheduleId = saga.deadlines().schedule(retry.delayAfter(attempt), OrderSaga.COMMAND_RETRY_DEADLINE, step);
        if (pendingRetries != null) {
            pendingRetries.put(step, scheduleId);
        }
        return Outcome.WILL_RETRY;
    }

    /** The step's retry has come: there is nothing left to cancel. */
    void retryDue(Step step) {
        if (pendingRetries != null) {
            pendingRetries.remove(step);
        }
    }

    /** The saga ends: none of its retries may run any more. */
    void cancelRetries(SagaContext saga) {
        if (pendingRetries == null) {
            saga.deadlines().cancelAllWithinScope(OrderSaga.COMMAND_RETRY_DEADLINE);
            return;
        }
        pendingRetries.forEach((step, scheduleId) ->
                saga.deadlines().cancelSchedule(OrderSaga.COMMAND_RETRY_DEADLINE, scheduleId));
        pendingRetries.clear();
    }

    /** A count as a saga saved before this class existed kept it. */
    void restore(Step step, int failures) {
        technicalFailures.put(step, failures);
    }
}
