package io.baedal.standalone.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Plays the restaurant and the rider of an order: takes the order to where a test needs it, and
 * later does whatever step of the kitchen or of the delivery remains until the order ends. It
 * decides only from what a restaurant and a rider see, the ticket's and the delivery's status
 * (read from the event store, like their ids), never from the order's own status, so it cannot
 * nudge along an order the saga left stuck.
 */
public final class OrderDriver {

    public static final String RIDER = "rider-1";

    /**
     * Events of the saga's own rider-claim timer, which the saga itself does not handle: a step
     * does not wait for its processor to read them. It once did, and with a short claim timeout (2 s
     * in RaceHarnessTest) a new one came before a busy machine's saga had read the last, so the
     * saga never counted as caught up, no rider claimed, and orders stayed READY_FOR_PICKUP until
     * the driver gave up (seen at load 20-90 on 2 cores: 7-9 of 22 pairs failed).
     */
    private static final Set<String> NOT_HANDLED_BY_THE_SAGA = Set.of("DeliveryEscalatedEvent");

    /** Where a test wants an order before its race, each stage one kitchen or rider step after the one before. */
    public enum Stage { PLACED, PAID, ACCEPTED, COOKING, READY_FOR_PICKUP, CLAIMED }

    /**
     * How far the order got: {@code missed} says why it did not reach the stage (the acceptance
     * timeout can beat a slow setup, for example), null when it did.
     */
    public record Reached(String ticketId, String deliveryId, List<Answer> answers, String missed) {

        public boolean reached() {
            return missed == null;
        }
    }

    /** One look at an order: what the store says, and the step taken (null if none). */
    public record Look(OrderHistory history, Answer step) {

        public boolean terminal() {
            return history.terminal();
        }
    }

    private final HttpJson http;
    private final OrderFeed store;
    private final Actions actions;

    public OrderDriver(HttpJson http, OrderFeed store) {
        this.http = http;
        this.store = store;
        this.actions = new Actions(http);
    }

    public Actions actions() {
        return actions;
    }

    /** The customer's view of the order, or null if there is none. */
    public JsonNode view(String orderId) {
        HttpJson.Response response = http.get("/api/orders/" + orderId);
        return response.status() == 200 ? response.json() : null;
    }

    /** Takes a freshly placed order to a stage, as fast as a keen restaurant and rider would. */
    public Reached reach(String orderId, Stage stage, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<Answer> answers = new ArrayList<>();
        if (stage == Stage.PLACED) {
            return new Reached(null, null, answers, null);
        }
        store.await(orderId, history -> "PAID".equals(history.status()) && !history.ticketIds().isEmpty()
                || history.terminal(), left(deadline));
        OrderHistory paid = store.history(orderId);
        if (!"PAID".equals(paid.status()) || paid.ticketIds().isEmpty()) {
            return new Reached(null, null, answers, "never PAID with a ticket: " + paid.outcome() + " " + paid.ticketIds());
        }
        String ticketId = paid.ticketIds().get(0);
        List<Step> kitchen = List.of(
                new Step(Stage.ACCEPTED, "ACCEPTED", () -> actions.accept(ticketId)),
                new Step(Stage.COOKING, "COOKING", () -> actions.startCooking(ticketId)),
                new Step(Stage.READY_FOR_PICKUP, "READY_FOR_PICKUP", () -> actions.finishCooking(ticketId)));
        for (Step step : kitchen) {
            if (stage.compareTo(step.stage()) < 0) {
                return new Reached(ticketId, null, answers, null);
            }
            Answer answer = step.command().get();
            answers.add(answer.as("setup:" + answer.action()));
            if (!answer.accepted()) {
                return new Reached(ticketId, null, answers, answer + " while getting to " + step.stage());
            }
            if (!store.await(orderId, history -> step.orderStatus().equals(history.status()), left(deadline))) {
                return new Reached(ticketId, null, answers, "never " + step.orderStatus() + ": "
                        + store.history(orderId).outcome());
            }
        }
        List<String> deliveries = store.history(orderId).deliveryIds();
        if (deliveries.isEmpty()) {
            return new Reached(ticketId, null, answers, "READY_FOR_PICKUP without a delivery");
        }
        String deliveryId = deliveries.get(0);
        if (stage == Stage.CLAIMED) {
            Answer claim = actions.claim(deliveryId, RIDER);
            answers.add(claim.as("setup:claim"));
            if (!claim.accepted()) {
                return new Reached(ticketId, deliveryId, answers, claim + " while claiming");
            }
        }
        return new Reached(ticketId, deliveryId, answers, null);
    }

    /**
     * Looks at the order once and, if the saga has reacted to everything that happened to it,
     * takes the one step a restaurant or rider would take now: accept, start or finish cooking a
     * ticket; claim, pick up or deliver a delivery. Waiting for the saga keeps each race about its
     * own actions (a correct system copes without the wait as well). Refusals are fine: the next
     * look decides again.
     */
    public Look step(String orderId) {
        OrderHistory history = store.history(orderId);
        if (history.terminal() || !store.sagaCaughtUp(orderId, NOT_HANDLED_BY_THE_SAGA)) {
            return new Look(history, null);
        }
        Answer step = nextStep(history);
        return new Look(history, step == null ? null : step.as("driver:" + step.action()));
    }

    private Answer nextStep(OrderHistory history) {
        for (String ticketId : history.ticketIds()) {
            switch (String.valueOf(history.ticketStatus(ticketId))) {
                case "AWAITING_ACCEPTANCE" -> {
                    return actions.accept(ticketId);
                }
                case "ACCEPTED" -> {
                    return actions.startCooking(ticketId);
                }
                case "COOKING" -> {
                    return actions.finishCooking(ticketId);
                }
                default -> {
                    // READY, or the kitchen is done with it (REJECTED, CANCELLED): the delivery's turn, if any.
                }
            }
        }
        for (String deliveryId : history.deliveryIds()) {
            String rider = history.rider(deliveryId);
            switch (String.valueOf(history.deliveryStatus(deliveryId))) {
                case "AWAITING_RIDER" -> {
                    return actions.claim(deliveryId, RIDER);
                }
                case "RIDER_ASSIGNED" -> {
                    return actions.pickUp(deliveryId, rider);
                }
                case "PICKED_UP" -> {
                    return actions.deliver(deliveryId, rider);
                }
                default -> {
                    // DELIVERED: nothing left for a rider.
                }
            }
        }
        return null;
    }

    private record Step(Stage stage, String orderStatus, Supplier<Answer> command) {
    }

    private static Duration left(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
