package io.baedal.order.placement;

import io.baedal.coreapi.order.OrderId;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Idempotency keys of order placement, with the fingerprint of the request that first used each. */
@Repository
class IdempotencyKeys {

    record Entry(OrderId orderId, String fingerprint) {
    }

    private final JdbcClient jdbc;

    IdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True when this call stored the key; false when it was there already (maybe by a concurrent request). */
    boolean claim(String key, String fingerprint, OrderId orderId) {
        return jdbc.sql("""
                        INSERT INTO order_idempotency_key (idempotency_key, request_fingerprint, order_id)
                        VALUES (:key, :fingerprint, :orderId)
                        ON CONFLICT (idempotency_key) DO NOTHING""")
                .param("key", key)
                .param("fingerprint", fingerprint)
                .param("orderId", orderId.value())
                .update() == 1;
    }

    /** Takes back a key whose order was refused. */
    void release(String key, OrderId orderId) {
        jdbc.sql("DELETE FROM order_idempotency_key WHERE idempotency_key = :key AND order_id = :orderId")
                .param("key", key)
                .param("orderId", orderId.value())
                .update();
    }

    Optional<Entry> find(String key) {
        return jdbc.sql("SELECT order_id, request_fingerprint FROM order_idempotency_key WHERE idempotency_key = :key")
                .param("key", key)
                .query((rs, row) -> new Entry(new OrderId(rs.getString(1)), rs.getString(2)))
                .optional();
    }
}
