package io.baedal.query.rider;

import io.baedal.coreapi.delivery.DeliveryStatus;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface DeliveryRepository extends JpaRepository<DeliveryEntity, String> {

    @Query("""
            SELECT d FROM DeliveryEntity d
            WHERE (:zone IS NULL OR d.zone = :zone) AND (:status IS NULL OR d.status = :status)
            ORDER BY d.createdAt, d.deliveryId""")
    List<DeliveryEntity> findBoard(@Param("zone") String zone, @Param("status") DeliveryStatus status, Limit limit);

    @Modifying
    @Query(value = "DELETE FROM rider_board_view", nativeQuery = true)
    void deleteEverything();
}
