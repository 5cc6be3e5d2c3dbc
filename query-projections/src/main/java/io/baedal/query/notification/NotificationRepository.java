package io.baedal.query.notification;

import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface NotificationRepository extends JpaRepository<NotificationEntity, Long> {

    boolean existsByOrderIdAndOrderSequence(String orderId, long orderSequence);

    List<NotificationEntity> findByCustomerIdOrderByCreatedAtDescIdDesc(String customerId, Limit limit);

    @Modifying
    @Query(value = "DELETE FROM customer_notification", nativeQuery = true)
    void deleteEverything();
}
