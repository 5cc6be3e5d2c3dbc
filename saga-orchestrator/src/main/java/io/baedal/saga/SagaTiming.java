package io.baedal.saga;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The saga's clocks: when the order was placed and each stage of its journey began (measured as
 * {@code baedal.saga.step.duration}), and the timeouts the saga has scheduled, so that it can
 * cancel each when its stage ends. A timeout's deadline carries the order id.
 *
 * <p>Stored with its saga.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
final class SagaTiming {

    /** The timed stages of a journey; {@code tag} is the {@code step} tag of {@code baedal.saga.step.duration}. */
    enum Stage {
        PAYMENT("payment"), ACCEPTANCE("acceptance"), COOKING("cooking"), RIDER_CLAIM("rider_claim"),
        DELIVERY("delivery");

        final String tag;

        Stage(String tag) {
            this.tag = tag;
        }

        static Stage tagged(String tag) {
            for (Stage stage : values()) {
                if (stage.tag.equals(tag)) {
                    return stage;
                }
            }
            throw new IllegalArgumentException("No stage tagged " + tag);
        }
    }

    /** The timeouts of a journey, by deadline name. */
    enum Timeout {
        PAYMENT_RETRY(OrderSaga.PAYMENT_RETRY_DEADLINE),
        ACCEPTANCE(OrderSaga.ACCEPTANCE_DEADLINE),
        RIDER_CLAIM(OrderSaga.RIDER_CLAIM_DEADLINE);

        final String deadlineName;

        Timeout(String deadlineName) {
            this.deadlineName = deadlineName;
        }
    }

    private Instant placedAt;
    private Map<Stage, Instant> stageStartedAt = new EnumMap<>(Stage.class);
    /** The schedule id of each pending timeout. */
    private Map<Timeout, String> scheduled = new EnumMap<>(Timeout.class);

    void placed(Instant at) {
        placedAt = at;
    }

    Duration sincePlacement(Instant at) {
        return Duration.between(placedAt, at);
    }

    void started(Stage stage, Instant at) {
        stageStartedAt.put(stage, at);
    }

    void ended(SagaContext saga, Stage stage, Instant at) {
        Instant started = stageStartedAt.remove(stage);
        if (started != null) {
            saga.monitor().stepCompleted(stage.tag, Duration.between(started, at));
        }
    }

    /** The ticket has got to {@code ticket}: the stages and the timeout that this ends or begins. */
    void reached(SagaContext saga, TicketProgress ticket, Instant at) {
        switch (ticket) {
            case ACCEPTED -> {
                ended(saga, Stage.ACCEPTANCE, at);
                cancel(saga, Timeout.ACCEPTANCE);
            }
            case COOKING -> started(Stage.COOKING, at);
            case READY -> {
                ended(saga, Stage.COOKING, at);
                started(Stage.RIDER_CLAIM, at);
            }
            default -> {
                // The other moves of a ticket are the saga's own, or end the journey.
            }
        }
    }

    /** The delivery has got to {@code delivery}: the stages and the timeout that this ends or begins. */
    void reached(SagaContext saga, DeliveryProgress delivery, Instant at) {
        switch (delivery) {
            case CLAIMED -> {
                ended(saga, Stage.RIDER_CLAIM, at);
                cancel(saga, Timeout.RIDER_CLAIM);
            }
            case PICKED_UP -> started(Stage.DELIVERY, at);
            case DELIVERED -> ended(saga, Stage.DELIVERY, at);
            default -> {
                // Created by the saga, which schedules the rider's timeout itself.
            }
        }
    }

    void schedule(SagaContext saga, Timeout timeout, Duration after) {
        scheduled.put(timeout, saga.deadlines().schedule(after, timeout.deadlineName, saga.orderId()));
    }

    /** The timeout's deadline has come: there is nothing left to cancel. */
    void expired(Timeout timeout) {
        scheduled.remove(timeout);
    }

    void cancel(SagaContext saga, Timeout timeout) {
        String scheduleId = scheduled.remove(timeout);
        if (scheduleId != null) {
            saga.deadlines().cancelSchedule(timeout.deadlineName, scheduleId);
        }
    }

    /**
     * The saga ends: none of its timeouts may run any more. Each is cancelled by its schedule id
     * (kept since the saga scheduled it, or restored from an earlier version's fields): Axon's
     * cancellation by name reads and deserializes every pending deadline of every saga, which made
     * each order's end cost more the more orders were under way.
     */
    void cancelTimeouts(SagaContext saga) {
        scheduled.forEach((timeout, scheduleId) -> saga.deadlines().cancelSchedule(timeout.deadlineName, scheduleId));
        scheduled.clear();
    }

    // --- what a saga saved before this class existed kept in fields of its own ------------------

    void restorePlacedAt(Instant at) {
        placedAt = at;
    }

    void restoreStarted(String tag, Instant at) {
        stageStartedAt.put(Stage.tagged(tag), at);
    }

    void restoreScheduled(Timeout timeout, String scheduleId) {
        if (scheduleId != null) {
            scheduled.put(timeout, scheduleId);
        }
    }
}
