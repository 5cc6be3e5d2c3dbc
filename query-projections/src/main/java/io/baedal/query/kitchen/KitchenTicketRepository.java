package io.baedal.query.kitchen;

import io.baedal.coreapi.kitchen.TicketStatus;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface KitchenTicketRepository extends JpaRepository<KitchenTicketEntity, String> {

    List<KitchenTicketEntity> findByRestaurantIdOrderByCreatedAtAscTicketIdAsc(String restaurantId, Limit limit);

    List<KitchenTicketEntity> findByRestaurantIdAndStatusOrderByCreatedAtAscTicketIdAsc(String restaurantId,
                                                                                        TicketStatus status, Limit limit);

    /** The line table goes with its rows (ON DELETE CASCADE). */
    @Modifying
    @Query(value = "DELETE FROM kitchen_ticket_view", nativeQuery = true)
    void deleteEverything();
}
