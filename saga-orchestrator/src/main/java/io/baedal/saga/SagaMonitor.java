package io.baedal.saga;

import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderReason;
import io.baedal.coreapi.order.OrderStatus;
import io.baedal.platform.logging.LogFields;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Where the saga reports what went wrong and what it undid: structured log lines with stable
 * field names ({@code event}, {@code orderId}, {@code sagaId}, {@code step}, {@code reason}) and
 * counters by step and reason.
 *
 * <p>Every series whose tags are known before the first order exists from the start, at 0 (see
 * {@link #registerKnownSeries}): a counter that appears only with its first increment reads as
 * "no data" on a dashboard and leaves an alert on its rate unevaluated, and the first increment of
 * a new series is not seen by {@code rate()} or {@code increase()}. Only a command refused by a
 * rule adds a series later, named after the refusal's error code.
 */
public class SagaMonitor {

    private static final Logger log = LoggerFactory.getLogger(SagaMonitor.class);

    static final String RETRIES_EXHAUSTED = "RETRIES_EXHAUSTED";
    static final String TECHNICAL = "TECHNICAL";
    static final String RIDER_CLAIM_TIMEOUT = "RIDER_CLAIM_TIMEOUT";

    /** What the saga undoes, and why: the calls of {@link #compensation} in {@link OrderSaga}. */
    private static final Map<Step, List<OrderReason>> COMPENSATIONS = Map.of(
            Step.CANCEL_TICKET, List.of(OrderReason.CUSTOMER_CANCELLED),
            Step.REFUND, List.of(OrderReason.CUSTOMER_CANCELLED, OrderReason.RESTAURANT_REJECTED,
                    OrderReason.ACCEPTANCE_TIMEOUT),
            Step.REJECT_ORDER, List.of(OrderReason.PAYMENT_DECLINED, OrderReason.PAYMENT_UNAVAILABLE));

    private final MeterRegistry registry;

    public SagaMonitor(MeterRegistry registry) {
        this.registry = registry;
        registerKnownSeries();
    }

    private void registerKnownSeries() {
        registry.counter("baedal.orders.placed");
        registry.counter("baedal.orders.completed");
        registry.counter("baedal.orders.cancelled");
        for (OrderReason reason : OrderReason.values()) {
            if (reason.isRejection()) {
                rejected(reason);
            }
        }
        for (OrderStatus outcome : OrderStatus.values()) {
            if (outcome.isTerminal()) {
                orderDuration(outcome);
            }
        }
        for (SagaTiming.Stage stage : SagaTiming.Stage.values()) {
            stepDuration(stage.tag);
        }
        for (Step step : Step.values()) {
            counter("baedal.saga.failures", step, RETRIES_EXHAUSTED);
            counter("baedal.saga.retries", step, TECHNICAL);
            for (ErrorCode code : ErrorCode.values()) {
                if (step.racesWithTheOrder(code)) {
                    counter("baedal.saga.races", step, code.name());
                }
            }
        }
        COMPENSATIONS.forEach((step, reasons) -> reasons.forEach(reason -> counter("baedal.saga.compensations", step,
                reason.name())));
        counter("baedal.saga.escalations", Step.ESCALATE_DELIVERY, RIDER_CLAIM_TIMEOUT);
    }

    /** A new order: its saga starts. */
    public void orderPlaced() {
        registry.counter("baedal.orders.placed").increment();
    }

    /**
     * An order reached its terminal status: counted by outcome (rejections by reason) and timed
     * from placement.
     */
    public void orderEnded(OrderStatus outcome, OrderReason reason, Duration sincePlacement) {
        switch (outcome) {
            case DELIVERED -> registry.counter("baedal.orders.completed").increment();
            case CANCELLED -> registry.counter("baedal.orders.cancelled").increment();
            default -> rejected(reason).increment();
        }
        orderDuration(outcome).record(sincePlacement);
    }

    /**
     * How long one stage of the journey took, from the event that started it to the one that ended
     * it; the stage's tag is the series' {@code step} tag.
     */
    public void stepCompleted(String step, Duration duration) {
        stepDuration(step).record(duration);
    }

    private Counter rejected(OrderReason reason) {
        return registry.counter("baedal.orders.rejected", "reason", String.valueOf(reason));
    }

    private Timer orderDuration(OrderStatus outcome) {
        return Timer.builder("baedal.order.duration")
                .description("From placement to the terminal status")
                .tag("outcome", outcome.name())
                .publishPercentileHistogram()
                .register(registry);
    }

    private Timer stepDuration(String step) {
        return Timer.builder("baedal.saga.step.duration")
                .description("Duration of one step of an order's journey")
                .tag("step", step)
                .publishPercentileHistogram()
                .register(registry);
    }

    /** A command the saga sent was refused by a rule, or failed until its attempts ran out. */
    public void failure(OrderId orderId, String sagaId, Step step, String reason, Throwable cause) {
        counter("baedal.saga.failures", step, reason).increment();
        refusalLine(log.atWarn(), "saga_failure", orderId, sagaId, step, reason, cause)
                .log("Saga step {} of order {} failed: {}", step, orderId, reason);
    }

    /**
     * A command the saga sent was refused because another actor changed the aggregate first (the
     * customer cancelled, the kitchen answered): not a failure, the events that follow decide.
     */
    public void race(OrderId orderId, String sagaId, Step step, String reason, Throwable cause) {
        counter("baedal.saga.races", step, reason).increment();
        refusalLine(log.atInfo(), "saga_race", orderId, sagaId, step, reason, cause)
                .log("Saga step {} of order {} lost a race ({}); waiting for what the other side did", step, orderId,
                        reason);
    }

    private static LoggingEventBuilder refusalLine(LoggingEventBuilder line, String event, OrderId orderId,
                                                   String sagaId, Step step, String reason, Throwable cause) {
        return LogFields.order(line, orderId)
                .addKeyValue(LogFields.EVENT, event)
                .addKeyValue(LogFields.SAGA_ID, sagaId)
                .addKeyValue("step", step.name())
                .addKeyValue("reason", reason)
                .addKeyValue("cause", cause == null ? null : cause.getMessage());
    }

    /** A command failed for a technical reason and is sent again later. */
    public void retrying(OrderId orderId, String sagaId, Step step, int attempt, Throwable cause) {
        counter("baedal.saga.retries", step, TECHNICAL).increment();
        LogFields.order(log.atInfo(), orderId)
                .addKeyValue(LogFields.EVENT, "saga_retry")
                .addKeyValue(LogFields.SAGA_ID, sagaId)
                .addKeyValue("step", step.name())
                .addKeyValue("attempt", attempt)
                .addKeyValue("cause", cause.getMessage())
                .log("Saga step {} of order {} failed (attempt {}), retrying: {}", step, orderId, attempt, cause.getMessage());
    }

    /** The saga undoes something: a refund, a ticket cancellation, a rejection. */
    public void compensation(OrderId orderId, String sagaId, Step step, String reason) {
        counter("baedal.saga.compensations", step, reason).increment();
        LogFields.order(log.atInfo(), orderId)
                .addKeyValue(LogFields.EVENT, "saga_compensation")
                .addKeyValue(LogFields.SAGA_ID, sagaId)
                .addKeyValue("step", step.name())
                .addKeyValue("reason", reason)
                .log("Compensating order {}: {} because {}", orderId, step, reason);
    }

    /** A delivery waits too long for a rider. */
    public void escalation(OrderId orderId, String sagaId, int escalation) {
        counter("baedal.saga.escalations", Step.ESCALATE_DELIVERY, RIDER_CLAIM_TIMEOUT).increment();
        LogFields.order(log.atWarn(), orderId)
                .addKeyValue(LogFields.EVENT, "delivery_escalated")
                .addKeyValue(LogFields.SAGA_ID, sagaId)
                .addKeyValue("step", Step.ESCALATE_DELIVERY.name())
                .addKeyValue("reason", RIDER_CLAIM_TIMEOUT)
                .addKeyValue("escalation", escalation)
                .log("No rider claimed the delivery of order {} (escalation {})", orderId, escalation);
    }

    private Counter counter(String name, Step step, String reason) {
        return Counter.builder(name).tag("step", step.name()).tag("reason", reason).register(registry);
    }
}
