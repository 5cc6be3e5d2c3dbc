package io.baedal.query.notification;

import jakarta.persistence.QueryHint;
import java.util.List;
import org.hibernate.jpa.HibernateHints;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;

interface NotificationRepository extends JpaRepository<NotificationEntity, Long> {

    /**
     * Whether an event's notification was stored before (a redelivered or replayed event). Without
     * flushing the batch first: one event is handled once in a batch, and a flush before every
     * check made a batch's cost grow with the square of its size.
     */
    @QueryHints(@QueryHint(name = HibernateHints.HINT_FLUSH_MODE, value = "COMMIT"))
    boolean existsByOrderIdAndOrderSequence(String orderId, long orderSequence);

    List<NotificationEntity> findByCustomerIdOrderByCreatedAtDescIdDesc(String customerId, Limit limit);

    @Modifying
    @Query(value = "DELETE FROM customer_notification", nativeQuery = true)
    void deleteEverything();
}
