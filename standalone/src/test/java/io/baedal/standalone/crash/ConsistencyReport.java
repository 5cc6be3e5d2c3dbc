package io.baedal.standalone.crash;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link ConsistencyCheck} found: the figures of a run and every violation, in words. A
 * report without violations is a pass.
 */
public final class ConsistencyReport {

    private static final String SENT_AGAIN = "sent again";

    private final int answered;
    private final List<String> violations = new ArrayList<>();
    private final Map<String, Integer> endedAs = new TreeMap<>();
    private int events;
    private int ordersInStore;
    private int lost;
    private int unknown;
    private int orphans;
    private int notTerminal;
    private int storeProblems;
    private long charges;
    private long refunds;
    private int doubleCharges;
    private int doubleRefunds;
    private int refundMismatches;
    private int viewRows;
    private int viewMismatches;
    private int notificationRows;
    private int notificationsSent;
    private int sentTwice;
    private int neverSent;

    ConsistencyReport(int answered) {
        this.answered = answered;
    }

    public boolean passed() {
        return violations.isEmpty();
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    public int lost() {
        return lost;
    }

    public int notTerminal() {
        return notTerminal;
    }

    public int doubleCharges() {
        return doubleCharges;
    }

    public int doubleRefunds() {
        return doubleRefunds;
    }

    public int refundMismatches() {
        return refundMismatches;
    }

    public int orphans() {
        return orphans;
    }

    public int viewMismatches() {
        return viewMismatches;
    }

    public int sentTwice() {
        return sentTwice;
    }

    public int neverSent() {
        return neverSent;
    }

    public int viewRows() {
        return viewRows;
    }

    public long refunds() {
        return refunds;
    }

    public Map<String, Integer> endedAs() {
        return Map.copyOf(endedAs);
    }

    void events(int count) {
        events = count;
    }

    void ordersInStore(int count) {
        ordersInStore = count;
    }

    void lost(String orderId) {
        lost++;
        violations.add(orderId + ": answered 201, but the store has no such order");
    }

    void unknown(String orderId) {
        unknown++;
        violations.add(orderId + ": in the store, but no client was answered 201 for it");
    }

    void orphan(String id, String what) {
        orphans++;
        violations.add(id + ": " + what);
    }

    void storeProblems(String orderId, List<String> problems) {
        if (problems.stream().anyMatch(problem -> problem.startsWith("stuck"))) {
            notTerminal++;
        }
        storeProblems += problems.size();
        problems.forEach(problem -> violations.add(orderId + ": " + problem));
    }

    void money(String orderId, long chargesOfOrder, long refundsOfOrder) {
        charges += chargesOfOrder;
        refunds += refundsOfOrder;
        if (chargesOfOrder > 1) {
            doubleCharges++;
        }
        if (refundsOfOrder > 1) {
            doubleRefunds++;
        }
    }

    void ended(String status) {
        endedAs.merge(status, 1, Integer::sum);
    }

    /** Counted only: {@link io.baedal.standalone.support.OrderInvariants#ofTheStore} names the violation. */
    void refundMismatch(String orderId, String what) {
        refundMismatches++;
    }

    void viewRows(int count) {
        viewRows = count;
    }

    void viewProblems(String orderId, List<String> problems) {
        viewMismatches += problems.size();
        problems.forEach(problem -> violations.add(orderId + ": " + problem));
    }

    void notificationRows(int count) {
        notificationRows = count;
    }

    void notificationsSent(int count) {
        notificationsSent = count;
    }

    void sentTwice(String orderId, String status, int times) {
        sentTwice += times;
        violations.add(orderId + ": notification " + status + " " + SENT_AGAIN + " (" + times + " more than its status changes)");
    }

    void neverSent(String orderId, String status, int times) {
        neverSent += times;
        violations.add(orderId + ": notification " + status + " never sent (" + times + ")");
    }

    /** The figures, one a line, then the violations (at most {@code maxViolations} of them). */
    public String figures(int maxViolations) {
        StringBuilder text = new StringBuilder();
        line(text, "orders answered 201", answered);
        line(text, "orders in the event store", ordersInStore + " (" + events + " events)");
        line(text, "lost orders (201 but not stored)", lost);
        line(text, "orders nobody was told about", unknown);
        line(text, "orders not terminal", notTerminal);
        line(text, "terminal per status", endedAs);
        line(text, "charges / refunds", charges + " / " + refunds);
        line(text, "double charges", doubleCharges);
        line(text, "double refunds", doubleRefunds);
        line(text, "refunds not matching the outcome", refundMismatches);
        line(text, "payments, tickets, deliveries without an order", orphans);
        line(text, "store violations (stuck, money, kitchen, delivery)", storeProblems);
        line(text, "view rows checked", viewRows + " (+ " + notificationRows + " notification rows)");
        line(text, "view mismatches", viewMismatches);
        line(text, "notifications sent (log) checked", notificationsSent);
        line(text, "notifications sent twice", sentTwice);
        line(text, "notifications never sent", neverSent);
        line(text, "violations", violations.size());
        violations.stream().limit(maxViolations).forEach(violation -> text.append("  ! ").append(violation).append('\n'));
        if (violations.size() > maxViolations) {
            text.append("  ! ... and ").append(violations.size() - maxViolations).append(" more\n");
        }
        return text.toString();
    }

    private static void line(StringBuilder text, String label, Object value) {
        text.append(String.format("%-48s %s%n", label, value));
    }
}
