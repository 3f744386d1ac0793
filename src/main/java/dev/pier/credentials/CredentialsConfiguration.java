package dev.pier.credentials;

import dev.pier.account.AccountProperties;
import dev.pier.account.AccountService;
import dev.pier.account.MasterKey;
import dev.pier.cluster.ClusterLocks;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class CredentialsConfiguration {

    /** Signs tokens and waits out retry backoff, off the request and UI threads. */
    @Bean
    ThreadPoolTaskScheduler credentialsScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(2);
        scheduler.setThreadNamePrefix("credentials-");
        return scheduler;
    }

    @Bean
    ProviderCredentials providerCredentials(
            AccountService accounts,
            AccountProperties accountProperties,
            MasterKey masterKey,
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            CredentialsProperties properties,
            Clock clock,
            MeterRegistry meters,
            ThreadPoolTaskScheduler credentialsScheduler,
            ClusterLocks clusterLocks) {
        if (properties.tokenTtl().plus(properties.backdate()).compareTo(accountProperties.retiredKeyGrace()) > 0) {
            throw new IllegalStateException("pier.accounts.retired-key-grace (" + accountProperties.retiredKeyGrace()
                    + ") must be at least pier.credentials.token-ttl + backdate ("
                    + properties.tokenTtl().plus(properties.backdate())
                    + "), or tokens signed by a rotated key would be rejected before they expire.");
        }
        return new ProviderCredentials(
                new ProviderTokenIssuer(accounts, properties, clock),
                new DatabaseTokenStore(jdbc, transactions, masterKey),
                new CaffeineTokenCache(properties.cacheSize(), properties.tokenTtl()),
                clock,
                properties,
                meters,
                credentialsScheduler.getScheduledExecutor(),
                credentialsScheduler,
                (key, generation) -> clusterLocks.exclusively(
                        "token " + key.accountId() + " " + key.providerAddress(), Duration.ofSeconds(30), generation));
    }
}
