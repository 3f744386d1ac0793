package dev.pier.provider;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface ProviderRepository extends JpaRepository<Provider, Long> {

    Optional<Provider> findByAddress(String address);

    List<Provider> findAllByOrderByName();
}
