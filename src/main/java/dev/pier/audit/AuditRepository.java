package dev.pier.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface AuditRepository extends JpaRepository<AuditEvent, Long> {

    @Query("""
            select e from AuditEvent e
             where (:actor is null or e.actor = :actor)
               and (:action is null or e.action = :action)
               and e.at >= :since
             order by e.at desc, e.id desc
            """)
    Slice<AuditEvent> search(
            @Param("actor") @Nullable String actor,
            @Param("action") @Nullable AuditAction action,
            @Param("since") Instant since,
            Pageable page);

    @Modifying
    @Query("delete from AuditEvent e where e.at < :before")
    int deleteOlderThan(@Param("before") Instant before);
}
