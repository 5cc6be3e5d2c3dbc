package io.baedal.query.watchdog;

import io.baedal.coreapi.kitchen.TicketStatus;
import io.baedal.coreapi.order.OrderStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads the orders that stopped moving from the order-status and kitchen-queue views. */
class StalledOrders {

    /** The order statuses in which an order can trail its ticket (see {@link #behindKitchen}). */
    static final Set<OrderStatus> BEHIND_KITCHEN_STATUSES =
            EnumSet.of(OrderStatus.PAID, OrderStatus.ACCEPTED, OrderStatus.COOKING);

    /** Why an order counts as stalled. */
    enum Reason {
        /** Longer in its status than its allowance. */
        OVERDUE,
        /** Its kitchen ticket moved on, the order did not. */
        BEHIND_KITCHEN
    }

    /**
     * One stalled order, in {@code status} since {@code since}; {@code ticketStatus} only when it
     * trails its ticket.
     */
    record Stall(String orderId, OrderStatus status, Reason reason, Instant since, TicketStatus ticketStatus) {
    }

    private final JdbcClient jdbc;

    StalledOrders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Orders in {@code status} since before {@code changedBefore}. */
    List<Stall> overdue(OrderStatus status, Instant changedBefore) {
        return jdbc.sql("""
                        SELECT order_id, status_changed_at FROM order_status_view
                        WHERE status = :status AND status_changed_at < :before""")
                .param("status", status.name())
                .param("before", OffsetDateTime.ofInstant(changedBefore, ZoneOffset.UTC))
                .query((row, number) -> new Stall(row.getString("order_id"), status, Reason.OVERDUE,
                        instant(row, "status_changed_at"), null))
                .list();
    }

    /**
     * Orders whose kitchen ticket has been further along than they are since before {@code before}:
     *
     * <table>
     *   <tr><th>order</th><th>ticket already</th></tr>
     *   <tr><td>PAID</td><td>ACCEPTED, COOKING, READY</td></tr>
     *   <tr><td>ACCEPTED</td><td>COOKING, READY</td></tr>
     *   <tr><td>COOKING</td><td>READY</td></tr>
     * </table>
     *
     * The saga moves the order on as soon as it handles the ticket's event, so an order still behind
     * after a margin is one the saga lost. Behind since the later of the two last changes.
     */
    List<Stall> behindKitchen(Instant before) {
        return jdbc.sql("""
                        SELECT o.order_id, o.status, t.status AS ticket_status,
                               GREATEST(o.status_changed_at, t.updated_at) AS since
                        FROM order_status_view o
                        JOIN kitchen_ticket_view t ON t.order_id = o.order_id
                        WHERE ((o.status = 'PAID' AND t.status IN ('ACCEPTED', 'COOKING', 'READY'))
                            OR (o.status = 'ACCEPTED' AND t.status IN ('COOKING', 'READY'))
                            OR (o.status = 'COOKING' AND t.status = 'READY'))
                          AND GREATEST(o.status_changed_at, t.updated_at) < :before""")
                .param("before", OffsetDateTime.ofInstant(before, ZoneOffset.UTC))
                .query((row, number) -> new Stall(row.getString("order_id"), OrderStatus.valueOf(row.getString("status")),
                        Reason.BEHIND_KITCHEN, instant(row, "since"), TicketStatus.valueOf(row.getString("ticket_status"))))
                .list();
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }
}
