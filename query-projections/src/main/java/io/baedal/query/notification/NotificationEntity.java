package io.baedal.query.notification;

import io.baedal.coreapi.order.NotificationView;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One message to a customer; (order, sequence) is unique, so an event yields at most one message. */
@Entity
@Table(name = "customer_notification")
class NotificationEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;
    @Column(name = "customer_id", nullable = false, length = 64)
    private String customerId;
    @Column(name = "order_id", nullable = false, length = 64)
    private String orderId;
    @Column(name = "order_sequence", nullable = false)
    private long orderSequence;
    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 32)
    private OrderStatus status;
    @Column(name = "message", nullable = false, length = 500)
    private String message;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** JPA needs a no-arg constructor. */
    protected NotificationEntity() {
    }

    NotificationEntity(String customerId, Notification notification, long orderSequence, Instant at) {
        this.customerId = customerId;
        this.orderId = notification.orderId().value();
        this.orderSequence = orderSequence;
        this.status = notification.status();
        this.message = notification.message();
        this.createdAt = at;
    }

    NotificationView toView() {
        return new NotificationView(new OrderId(orderId), status, message, createdAt);
    }
}
