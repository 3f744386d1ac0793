package dev.pier.deployment;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface DeploymentRepository extends JpaRepository<Deployment, Long> {

    /**
     * Newest first; {@code text} matches the name (any case) or, when it is a number, the dseq; a null state is any.
     */
    @Query("""
            select d from Deployment d
            where d.accountId in :accountIds
              and (lower(d.name) like lower(concat('%', :text, '%')) or d.dseq = :dseq)
              and (:state is null or d.state = :state)
              and (:provider is null or d.providerAddress = :provider)
            order by d.createdAt desc""")
    Slice<Deployment> search(
            @Param("accountIds") Collection<Long> accountIds,
            @Param("text") String text,
            @Param("dseq") @Nullable Long dseq,
            @Param("state") Deployment.@Nullable State state,
            @Param("provider") @Nullable String provider,
            Pageable page);

    /** As {@link #search}, over every account of the installation (administrators). */
    @Query("""
            select d from Deployment d
            where (lower(d.name) like lower(concat('%', :text, '%')) or d.dseq = :dseq)
              and (:state is null or d.state = :state)
              and (:provider is null or d.providerAddress = :provider)
            order by d.createdAt desc""")
    Slice<Deployment> searchAll(
            @Param("text") String text,
            @Param("dseq") @Nullable Long dseq,
            @Param("state") Deployment.@Nullable State state,
            @Param("provider") @Nullable String provider,
            Pageable page);

    Optional<Deployment> findByAccountIdInAndDseq(Collection<Long> accountIds, long dseq);

    long countByAccountIdAndState(long accountId, Deployment.State state);

    long countByAccountIdIn(Collection<Long> accountIds);

    long countByProviderAddressAndState(String providerAddress, Deployment.State state);

    /** A dseq names one deployment in the installation. */
    Optional<Deployment> findByDseq(long dseq);

    List<Deployment> findByState(Deployment.State state);
}
