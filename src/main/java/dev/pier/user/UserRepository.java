package dev.pier.user;

import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaRepository;

interface UserRepository extends JpaRepository<User, Long> {

    Optional<User> findByUsername(String username);

    boolean existsByUsername(String username);

    Slice<User> findByUsernameContainingOrderByUsername(String fragment, Pageable pageable);

    long countByRoleAndEnabledTrue(Role role);
}
