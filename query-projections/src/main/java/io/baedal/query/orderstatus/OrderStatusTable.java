package io.baedal.query.orderstatus;

import static java.sql.Types.BIGINT;
import static java.sql.Types.INTEGER;
import static java.sql.Types.NUMERIC;
import static java.sql.Types.TIMESTAMP_WITH_TIMEZONE;
import static java.sql.Types.VARCHAR;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.kitchen.MenuItemId;
import io.baedal.coreapi.order.OrderLine;
import io.baedal.coreapi.order.OrderReason;
import io.baedal.coreapi.order.OrderStatus;
import io.baedal.coreapi.order.OrderStatusView.TimelineEntry;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The order-status view's tables ({@code order_status_view} and its {@code order_status_item} and
 * {@code order_status_timeline} rows) in plain SQL: many orders read at once (three queries
 * whatever their number), and a batch's changes written in three JDBC batches. A replay moves
 * through an order's events spread over many processor batches, so reading and writing per batch,
 * not per event, is what its speed depends on.
 */
@Repository
class OrderStatusTable {

    private static final String COLUMNS = """
            order_id, customer_id, restaurant_id, total_amount, currency, status, reason, payment_id, ticket_id,
            delivery_id, rider_id, placed_at, status_changed_at, updated_at, view_version, last_order_sequence""";

    private final JdbcTemplate jdbc;

    OrderStatusTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The stored orders among these ids, with their lines and timelines, by id. */
    Map<String, OrderStatusRow> load(Collection<String> orderIds) {
        if (orderIds.isEmpty()) {
            return Map.of();
        }
        Map<String, OrderStatusRow> rows = new LinkedHashMap<>();
        jdbc.query("SELECT " + COLUMNS + " FROM order_status_view WHERE order_id = ANY (?)",
                statement -> statement.setArray(1, ids(statement, orderIds)),
                (ResultSet rs) -> {
                    OrderStatusRow row = row(rs);
                    rows.put(row.orderId, row);
                });
        withLinesAndTimelines(rows);
        return rows;
    }

    /** One page of a customer's orders, newest first, and how many orders the customer has in all. */
    Page page(String customerId, int page, int size) {
        Map<String, OrderStatusRow> rows = new LinkedHashMap<>();
        jdbc.query("SELECT " + COLUMNS + """
                         FROM order_status_view WHERE customer_id = ?
                        ORDER BY placed_at DESC, order_id DESC LIMIT ? OFFSET ?""",
                (ResultSet rs) -> {
                    OrderStatusRow row = row(rs);
                    rows.put(row.orderId, row);
                }, customerId, size, (long) page * size);
        long total = rows.size() < size && (page == 0 || !rows.isEmpty())
                ? (long) page * size + rows.size()
                : jdbc.queryForObject("SELECT count(*) FROM order_status_view WHERE customer_id = ?", Long.class,
                        customerId);
        withLinesAndTimelines(rows);
        return new Page(List.copyOf(rows.values()), total);
    }

    record Page(List<OrderStatusRow> rows, long total) {
    }

    /** Stores what changed in these rows: new orders whole, known ones their columns and new timeline entries. */
    void write(Collection<OrderStatusRow> rows) {
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> lines = new ArrayList<>();
        List<Object[]> timeline = new ArrayList<>();
        for (OrderStatusRow row : rows) {
            if (!row.changed) {
                continue;
            }
            if (!row.inTable) {
                inserts.add(new Object[] {row.orderId, row.customerId, row.restaurantId, row.total.amount(),
                        row.total.currency(), row.status.name(), name(row.reason), row.paymentId, row.ticketId,
                        row.deliveryId, row.riderId, time(row.placedAt), time(row.statusChangedAt),
                        time(row.updatedAt), row.version, row.lastOrderSequence});
                for (int number = 0; number < row.items.size(); number++) {
                    OrderLine line = row.items.get(number);
                    lines.add(new Object[] {row.orderId, number, line.menuItemId().value(), line.name(),
                            line.unitPrice().amount(), line.quantity(), line.lineTotal().amount(),
                            line.lineTotal().currency()});
                }
            } else {
                updates.add(new Object[] {row.status.name(), name(row.reason), row.paymentId, row.ticketId,
                        row.deliveryId, row.riderId, time(row.statusChangedAt), time(row.updatedAt), row.version,
                        row.lastOrderSequence, row.orderId});
            }
            for (int position = row.inTable ? row.storedTimeline : 0; position < row.timeline.size(); position++) {
                TimelineEntry entry = row.timeline.get(position);
                timeline.add(new Object[] {row.orderId, position, entry.status().name(), time(entry.at())});
            }
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO order_status_view (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts, new int[] {
                    VARCHAR, VARCHAR, VARCHAR, NUMERIC, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR,
                    TIMESTAMP_WITH_TIMEZONE, TIMESTAMP_WITH_TIMEZONE, TIMESTAMP_WITH_TIMEZONE, BIGINT, BIGINT});
        }
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("""
                    UPDATE order_status_view SET status = ?, reason = ?, payment_id = ?, ticket_id = ?, delivery_id = ?,
                           rider_id = ?, status_changed_at = ?, updated_at = ?, view_version = ?, last_order_sequence = ?
                     WHERE order_id = ?""", updates, new int[] {VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR,
                    TIMESTAMP_WITH_TIMEZONE, TIMESTAMP_WITH_TIMEZONE, BIGINT, BIGINT, VARCHAR});
        }
        if (!lines.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO order_status_item (order_id, line_no, menu_item_id, name, unit_price, quantity, line_total,
                                                   currency) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", lines,
                    new int[] {VARCHAR, INTEGER, VARCHAR, VARCHAR, NUMERIC, INTEGER, NUMERIC, VARCHAR});
        }
        if (!timeline.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO order_status_timeline (order_id, position, status, at) VALUES (?, ?, ?, ?)",
                    timeline, new int[] {VARCHAR, INTEGER, VARCHAR, TIMESTAMP_WITH_TIMEZONE});
        }
        for (OrderStatusRow row : rows) {
            row.written();
        }
    }

    /** The lines and timeline rows go with their orders (ON DELETE CASCADE). */
    void deleteEverything() {
        jdbc.update("DELETE FROM order_status_view");
    }

    private void withLinesAndTimelines(Map<String, OrderStatusRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.query("""
                        SELECT order_id, menu_item_id, name, unit_price, quantity, line_total, currency
                          FROM order_status_item WHERE order_id = ANY (?) ORDER BY order_id, line_no""",
                statement -> statement.setArray(1, ids(statement, rows.keySet())),
                (ResultSet rs) -> {
                    String currency = rs.getString("currency");
                    rows.get(rs.getString("order_id")).items.add(new OrderLine(
                            new MenuItemId(rs.getString("menu_item_id")), rs.getString("name"),
                            new Money(rs.getBigDecimal("unit_price"), currency), rs.getInt("quantity"),
                            new Money(rs.getBigDecimal("line_total"), currency)));
                });
        jdbc.query("""
                        SELECT order_id, status, at FROM order_status_timeline
                         WHERE order_id = ANY (?) ORDER BY order_id, position""",
                statement -> statement.setArray(1, ids(statement, rows.keySet())),
                (ResultSet rs) -> {
                    rows.get(rs.getString("order_id")).timeline.add(
                            new TimelineEntry(OrderStatus.valueOf(rs.getString("status")), instant(rs, "at")));
                });
        rows.values().forEach(OrderStatusRow::written);
    }

    private static OrderStatusRow row(ResultSet rs) throws SQLException {
        OrderStatusRow row = new OrderStatusRow(rs.getString("order_id"), rs.getString("customer_id"),
                rs.getString("restaurant_id"), new ArrayList<>(),
                new Money(rs.getBigDecimal("total_amount"), rs.getString("currency")), instant(rs, "placed_at"),
                new ArrayList<>());
        row.status = OrderStatus.valueOf(rs.getString("status"));
        String reason = rs.getString("reason");
        row.reason = reason == null ? null : OrderReason.valueOf(reason);
        row.paymentId = rs.getString("payment_id");
        row.ticketId = rs.getString("ticket_id");
        row.deliveryId = rs.getString("delivery_id");
        row.riderId = rs.getString("rider_id");
        row.statusChangedAt = instant(rs, "status_changed_at");
        row.updatedAt = instant(rs, "updated_at");
        row.version = rs.getLong("view_version");
        row.lastOrderSequence = rs.getLong("last_order_sequence");
        return row;
    }

    private static Array ids(PreparedStatement statement, Collection<String> ids) throws SQLException {
        return statement.getConnection().createArrayOf("varchar", ids.toArray());
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static OffsetDateTime time(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
