package dev.pier.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface AccountKeyRepository extends JpaRepository<AccountKey, Long> {

    Optional<AccountKey> findFirstByAccountIdAndRetiredAtIsNullOrderByIdDesc(long accountId);

    List<AccountKey> findByAccountIdOrderByIdDesc(long accountId);

    List<AccountKey> findByRetiredAtIsNull();

    /** Keys a provider may need to verify a token: active ones, and retired ones whose tokens may still be alive. */
    @Query("select k from AccountKey k where k.retiredAt is null or k.publishedUntil > :now order by k.id")
    List<AccountKey> findPublished(@Param("now") Instant now);
}
