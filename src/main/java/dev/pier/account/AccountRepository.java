package dev.pier.account;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface AccountRepository extends JpaRepository<Account, Long> {

    List<Account> findByUserIdOrderByCreatedAt(long userId);

    Optional<Account> findByAddress(String address);

    boolean existsByAddress(String address);
}
