package io.baedal.query.orderstatus;

import io.baedal.coreapi.order.OrderStatus;
import io.baedal.coreapi.order.OrderStatusView;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;

/** When an order reached a status. */
@Embeddable
class TimelineColumns {

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 32)
    private OrderStatus status;
    @Column(name = "at", nullable = false)
    private Instant at;

    /** JPA needs a no-arg constructor. */
    protected TimelineColumns() {
    }

    TimelineColumns(OrderStatus status, Instant at) {
        this.status = status;
        this.at = at;
    }

    OrderStatusView.TimelineEntry toEntry() {
        return new OrderStatusView.TimelineEntry(status, at);
    }
}
