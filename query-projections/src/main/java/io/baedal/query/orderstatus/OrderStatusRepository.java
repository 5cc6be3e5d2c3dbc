package io.baedal.query.orderstatus;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface OrderStatusRepository extends JpaRepository<OrderStatusEntity, String> {

    Page<OrderStatusEntity> findByCustomerId(String customerId, Pageable pageable);

    /** The element tables go with their rows (ON DELETE CASCADE). */
    @Modifying
    @Query(value = "DELETE FROM order_status_view", nativeQuery = true)
    void deleteEverything();
}
