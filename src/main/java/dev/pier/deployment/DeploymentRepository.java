package dev.pier.deployment;

import java.util.Collection;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface DeploymentRepository extends JpaRepository<Deployment, Long> {

    Slice<Deployment> findByAccountIdInAndNameContainingIgnoreCaseOrderByCreatedAtDesc(Collection<Long> accountIds, String name,
                                                                                      Pageable page);

    Optional<Deployment> findByAccountIdInAndDseq(Collection<Long> accountIds, long dseq);

    @Query("select coalesce(max(d.dseq), 0) from Deployment d where d.accountId = :accountId")
    long maxDseq(@Param("accountId") long accountId);
}
