package dev.pier.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface AuthSessionRepository extends JpaRepository<AuthSession, Long> {

    Optional<AuthSession> findByTokenHash(String tokenHash);

    List<AuthSession> findByUserIdAndRevokedFalseAndExpiresAtAfterOrderByLastUsedAtDesc(long userId, Instant now);

    /**
     * Slides the idle expiry in one statement. The conditions make it impossible to revive a revoked or expired token,
     * make it a no-op for an unknown one, and skip it when the last slide is younger than the interval. The new expiry
     * never passes the absolute lifetime.
     */
    @Modifying
    @Query("""
            update AuthSession s
               set s.lastUsedAt = :now,
                   s.expiresAt = case when s.absoluteExpiresAt < :idleExpiry then s.absoluteExpiresAt
                                      else :idleExpiry end
             where s.tokenHash = :hash
               and s.revoked = false
               and s.expiresAt > :now
               and s.absoluteExpiresAt > :now
               and s.lastUsedAt <= :slideBefore
            """)
    int slide(
            @Param("hash") String tokenHash,
            @Param("now") Instant now,
            @Param("idleExpiry") Instant idleExpiry,
            @Param("slideBefore") Instant slideBefore);

    @Modifying
    @Query("update AuthSession s set s.revoked = true where s.userId = :userId and s.revoked = false")
    int revokeAllOf(@Param("userId") long userId);
}
