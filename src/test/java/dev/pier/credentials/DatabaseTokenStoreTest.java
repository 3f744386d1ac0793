package dev.pier.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.account.AccountService;
import dev.pier.account.AccountSummary;
import dev.pier.account.MasterKey;
import dev.pier.shared.CosmosAddress;
import dev.pier.test.MutableClock;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The durable side of ProviderCredentials on the real database: encrypted rows, hydration after a restart. */
@PierIntegrationTest
class DatabaseTokenStoreTest {

    static final String PROVIDER = CosmosAddress.of("akash", new byte[20]).value();

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    MasterKey masterKey;

    @Autowired
    AccountService accounts;

    @Autowired
    CredentialsProperties properties;

    @Autowired
    MutableClock clock;

    @Autowired
    TestUsers testUsers;

    @Test
    void a_restarted_console_uses_the_stored_token_and_signs_nothing() {
        AccountSummary account =
                accounts.defaultAccountOf(testUsers.create("restart", Role.USER).id());
        AtomicInteger minted = new AtomicInteger();
        ProviderTokenIssuer issuer = new ProviderTokenIssuer(accounts, properties, clock);
        TokenMinter counting = key -> {
            minted.incrementAndGet();
            return issuer.mint(key);
        };
        ExecutorService executor = Executors.newSingleThreadExecutor();
        VirtualBackoffScheduler scheduler = new VirtualBackoffScheduler();
        try {
            ProviderCredentials beforeRestart = credentials(counting, executor, scheduler);
            ProviderToken token = beforeRestart.ensureToken(account.id(), PROVIDER);

            String stored = jdbc.queryForObject(
                    "SELECT token_ciphertext FROM provider_tokens WHERE account_id = ?", String.class, account.id());
            assertThat(stored)
                    .doesNotContain(token.value())
                    .doesNotContain(token.value().substring(0, 20));

            clock.advance(Duration.ofMinutes(10));
            ProviderCredentials afterRestart = credentials(counting, executor, scheduler);
            assertThat(afterRestart.ensureToken(account.id(), PROVIDER)).isEqualTo(token);
            assertThat(minted.get()).isEqualTo(1);

            // Inside the skew the stored token is replaced, once.
            clock.set(token.expiresAt().minusSeconds(30));
            ProviderCredentials late = credentials(counting, executor, scheduler);
            ProviderToken replaced = late.ensureToken(account.id(), PROVIDER);
            assertThat(replaced.value()).isNotEqualTo(token.value());
            assertThat(late.ensureToken(account.id(), PROVIDER)).isEqualTo(replaced);
            assertThat(minted.get()).isEqualTo(2);
        } finally {
            executor.shutdownNow();
            scheduler.shutdownNow();
        }
    }

    @Test
    void delete_if_value_keeps_a_newer_token() {
        AccountSummary account =
                accounts.defaultAccountOf(testUsers.create("delete", Role.USER).id());
        DatabaseTokenStore store = new DatabaseTokenStore(jdbc, transactions, masterKey);
        CredentialKey key = new CredentialKey(account.id(), PROVIDER);
        ProviderToken newer =
                new ProviderToken(key, "newer", clock.instant(), clock.instant().plusSeconds(600));
        store.save(
                new ProviderToken(key, "older", clock.instant(), clock.instant().plusSeconds(300)));
        store.save(newer);

        store.deleteIfValue(key, "older");
        assertThat(store.find(key)).contains(newer);
        store.deleteIfValue(key, "newer");
        assertThat(store.find(key)).isEmpty();
    }

    private ProviderCredentials credentials(
            TokenMinter minter, ExecutorService executor, VirtualBackoffScheduler scheduler) {
        return new ProviderCredentials(
                minter,
                new DatabaseTokenStore(jdbc, transactions, masterKey),
                new CaffeineTokenCache(10, properties.tokenTtl()),
                clock,
                properties,
                new SimpleMeterRegistry(),
                scheduler,
                executor);
    }
}
