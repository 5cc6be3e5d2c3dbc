package io.baedal.query.notification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Whom to tell about an order: only its placement event names the customer. */
@Entity
@Table(name = "notification_recipient")
class RecipientEntity {

    @Id
    @Column(name = "order_id", length = 64)
    private String orderId;
    @Column(name = "customer_id", nullable = false, length = 64)
    private String customerId;

    /** JPA needs a no-arg constructor. */
    protected RecipientEntity() {
    }

    RecipientEntity(String orderId, String customerId) {
        this.orderId = orderId;
        this.customerId = customerId;
    }

    String customerId() {
        return customerId;
    }
}
