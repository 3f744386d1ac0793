package dev.pier.alert;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface AlertRepository extends JpaRepository<Alert, Long> {

    Optional<Alert> findByFingerprint(String fingerprint);

    List<Alert> findAllByOrderByLastSeenDesc();

    long countByAcknowledgedAtIsNull();
}
