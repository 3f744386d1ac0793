package dev.pier.cluster;

import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.support.locks.LockRegistry;

/** Spring Integration's JDBC lock registry on the console's database (its INT_LOCK table comes with Flyway, V11). */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    @Bean
    DefaultLockRepository clusterLockRepository(DataSource dataSource, ClusterProperties cluster) {
        DefaultLockRepository repository = new DefaultLockRepository(dataSource);
        repository.setPrefix("INT_");
        repository.setRegion("pier");
        repository.setTimeToLive((int) cluster.lockTimeToLive().toMillis());
        return repository;
    }

    @Bean
    LockRegistry clusterLockRegistry(DefaultLockRepository clusterLockRepository) {
        JdbcLockRegistry registry = new JdbcLockRegistry(clusterLockRepository);
        // The default 100 ms between tries made the instance that lost the race wait ~85 ms longer than needed for a
        // token the winner stores within a few (bench/cluster-token.sh): try every 10 ms.
        registry.setIdleBetweenTries(Duration.ofMillis(10));
        return registry;
    }
}
