package io.baedal.standalone.support;

import static io.baedal.standalone.support.HttpJson.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * What must hold for every order, whatever raced on it: each check returns what is wrong, in
 * words for a failure message (empty when all is well).
 */
public final class OrderInvariants {

    private static final Set<String> NEVER_COOKED = Set.of("CANCELLED", "REJECTED");

    private OrderInvariants() {
    }

    /** The order ended; money, kitchen and delivery agree with how it ended (the event store is the judge). */
    public static List<String> ofTheStore(OrderHistory history) {
        List<String> problems = new ArrayList<>();
        String status = history.status();
        if (!history.terminal()) {
            problems.add("stuck: still " + status + " (" + whereTheRestIs(history) + ")");
        }
        problems.addAll(money(history));
        if (history.ticketIds().size() > 1) {
            problems.add(history.ticketIds().size() + " tickets for one order: " + history.ticketIds());
        }
        if (history.deliveryIds().size() > 1) {
            problems.add(history.deliveryIds().size() + " deliveries for one order: " + history.deliveryIds());
        }
        if ("DELIVERED".equals(status)) {
            if (history.ticketIds().size() != 1 || !"READY".equals(history.ticketStatus(history.ticketIds().get(0)))) {
                problems.add("DELIVERED, yet its ticket is not READY (" + whereTheRestIs(history) + ")");
            }
            if (history.deliveryIds().size() != 1
                    || !"DELIVERED".equals(history.deliveryStatus(history.deliveryIds().get(0)))) {
                problems.add("DELIVERED, yet no completed delivery (" + whereTheRestIs(history) + ")");
            }
        }
        if (NEVER_COOKED.contains(status)) {
            for (String ticketId : history.ticketIds()) {
                if (!NEVER_COOKED.contains(history.ticketStatus(ticketId))) {
                    problems.add(status + ", yet its ticket is " + history.ticketStatus(ticketId));
                }
            }
            if (history.count("CookingStartedEvent") > 0) {
                problems.add(status + ", yet the kitchen cooked it");
            }
            if (!history.deliveryIds().isEmpty()) {
                problems.add(status + ", yet a delivery was created");
            }
        }
        return problems;
    }

    /**
     * Charged at most once, refunded at most once and only if charged; a terminal order keeps the
     * money exactly when it was delivered.
     */
    static List<String> money(OrderHistory history) {
        List<String> problems = new ArrayList<>();
        long charges = history.count("PaymentApprovedEvent");
        long refunds = history.count("PaymentRefundedEvent");
        if (history.paymentIds().size() > 1) {
            problems.add(history.paymentIds().size() + " payments for one order");
        }
        if (charges > 1) {
            problems.add("charged " + charges + " times");
        }
        if (refunds > 1) {
            problems.add("refunded " + refunds + " times");
        }
        if (refunds > 0 && charges == 0) {
            problems.add("refunded without being charged");
        }
        if (history.terminal()) {
            boolean delivered = "DELIVERED".equals(history.status());
            if (delivered && charges == 0) {
                problems.add("DELIVERED without being charged");
            }
            if (delivered && refunds > 0) {
                problems.add("DELIVERED and refunded");
            }
            if (!delivered && charges > 0 && refunds == 0) {
                problems.add("charged, ended " + history.outcome() + " and never refunded");
            }
        }
        return problems;
    }

    /**
     * The customer's view, the kitchen queue and the rider board show what the store says: status,
     * timeline, reason and ids of the order; status of its ticket and delivery.
     *
     * @param tickets    the kitchen queue's entries of this order
     * @param deliveries the rider board's entries of this order
     */
    public static List<String> ofTheViews(OrderHistory history, JsonNode view, List<JsonNode> tickets,
                                          List<JsonNode> deliveries) {
        List<String> problems = new ArrayList<>();
        if (view == null) {
            problems.add("no order view");
            return problems;
        }
        differs(problems, "view status", text(view, "status"), history.status());
        List<String> timeline = new ArrayList<>();
        view.path("timeline").forEach(entry -> timeline.add(text(entry, "status")));
        differs(problems, "view timeline", timeline, history.timeline());
        differs(problems, "view reason", text(view, "reason"), history.reason());
        differs(problems, "view paymentId", text(view, "paymentId"), only(history.paymentIds()));
        differs(problems, "view ticketId", text(view, "ticketId"), only(history.ticketIds()));
        String deliveryId = only(history.deliveryIds());
        differs(problems, "view deliveryId", text(view, "deliveryId"), deliveryId);
        differs(problems, "view riderId", text(view, "riderId"), deliveryId == null ? null : history.rider(deliveryId));
        differs(problems, "kitchen queue", statuses(tickets, "ticketId"),
                expected(history.ticketIds(), history::ticketStatus));
        differs(problems, "rider board", statuses(deliveries, "deliveryId"),
                expected(history.deliveryIds(), id -> history.deliveryStatus(id) + " rider=" + history.rider(id)));
        return problems;
    }

    /** Every command was answered as the contract allows: accepted, or refused with 409 and a code; never a 5xx. */
    public static List<String> ofTheAnswers(List<Answer> answers) {
        List<String> problems = new ArrayList<>();
        for (Answer answer : answers) {
            if (!answer.contractual(answer.action().contains("place"))) {
                problems.add("answer outside the contract: " + answer + " " + abbreviated(answer.body()));
            }
        }
        return problems;
    }

    private static TreeMap<String, String> statuses(List<JsonNode> entries, String idField) {
        TreeMap<String, String> statuses = new TreeMap<>();
        for (JsonNode entry : entries) {
            String status = text(entry, "status");
            statuses.put(text(entry, idField), idField.equals("deliveryId") ? status + " rider=" + text(entry, "riderId") : status);
        }
        return statuses;
    }

    private static TreeMap<String, String> expected(List<String> ids, Function<String, String> status) {
        TreeMap<String, String> statuses = new TreeMap<>();
        ids.forEach(id -> statuses.put(id, status.apply(id)));
        return statuses;
    }

    private static void differs(List<String> problems, String what, Object shown, Object stored) {
        if (!Objects.equals(shown, stored)) {
            problems.add(what + " shows " + shown + " but the store says " + stored);
        }
    }

    private static String only(List<String> ids) {
        return ids.size() == 1 ? ids.get(0) : null;
    }

    private static String whereTheRestIs(OrderHistory history) {
        List<String> parts = new ArrayList<>();
        history.ticketIds().forEach(id -> parts.add("ticket " + history.ticketStatus(id)));
        history.deliveryIds().forEach(id -> parts.add("delivery " + history.deliveryStatus(id)));
        parts.add("charged " + history.count("PaymentApprovedEvent") + ", refunded " + history.count("PaymentRefundedEvent"));
        return String.join(", ", parts);
    }

    private static String abbreviated(String body) {
        if (body == null) {
            return "";
        }
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
