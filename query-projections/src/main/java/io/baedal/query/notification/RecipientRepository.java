package io.baedal.query.notification;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface RecipientRepository extends JpaRepository<RecipientEntity, String> {

    @Modifying
    @Query(value = "DELETE FROM notification_recipient", nativeQuery = true)
    void deleteEverything();
}
