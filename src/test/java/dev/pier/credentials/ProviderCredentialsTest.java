package dev.pier.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.base.InvalidInputException;
import dev.pier.test.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProviderCredentialsTest {

    static final Duration TTL = Duration.ofMinutes(30);
    static final String PROVIDER = "akash1provider";
    static final String OTHER_PROVIDER = "akash1other";

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final FakeMinter minter = new FakeMinter(clock, TTL);
    final InMemoryTokenStore store = new InMemoryTokenStore();
    final VirtualBackoffScheduler scheduler = new VirtualBackoffScheduler();
    final ExecutorService executor = Executors.newFixedThreadPool(2);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final CredentialsProperties properties = new CredentialsProperties(
            TTL,
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            1000,
            new CredentialsProperties.Retry(4, Duration.ofMillis(500), 2.0, Duration.ofSeconds(5)));

    ProviderCredentials credentials = create(new CaffeineTokenCache(1000, TTL));

    ProviderCredentials create(TokenCache cache) {
        return new ProviderCredentials(minter, store, cache, clock, properties, meters, scheduler, executor);
    }

    double metric(String name) {
        return meters.counter(name).count();
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
        scheduler.shutdownNow();
    }

    @Test
    void a_thousand_concurrent_callers_on_a_cold_cache_share_one_generation() throws Exception {
        minter.hold();
        List<CompletableFuture<ProviderToken>> results = new CopyOnWriteArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < 1000; i++) {
            callers.submit(() -> {
                start.await();
                results.add(credentials.ensureTokenAsync(new CredentialKey(1, PROVIDER)));
                return null;
            });
        }
        start.countDown();
        callers.shutdown();
        assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        minter.release();

        Set<String> values = new HashSet<>();
        for (CompletableFuture<ProviderToken> result : results) {
            values.add(result.get().value());
        }
        assertThat(results).hasSize(1000);
        assertThat(values).hasSize(1);
        assertThat(minter.calls.get()).isEqualTo(1);
        assertThat(metric("pier.credentials.tokens.generated")).isEqualTo(1);
        assertThat(metric("pier.credentials.inflight.joined")).isEqualTo(999);
        // And the blocking form, afterwards, is a cache hit.
        assertThat(credentials.ensureToken(1, PROVIDER).value()).isIn(values);
        assertThat(minter.calls.get()).isEqualTo(1);
    }

    @Test
    void two_pairs_get_exactly_two_generations() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        List<Future<ProviderToken>> results = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            long account = i % 2 == 0 ? 1 : 2;
            String provider = i % 2 == 0 ? PROVIDER : OTHER_PROVIDER;
            results.add(callers.submit(() -> credentials.ensureToken(account, provider)));
        }
        Set<String> values = new HashSet<>();
        for (var result : results) {
            values.add(result.get().value());
        }
        callers.shutdown();
        assertThat(values).hasSize(2);
        assertThat(minter.calls.get()).isEqualTo(2);
    }

    @Test
    void a_failing_signer_is_tried_four_times_over_three_and_a_half_virtual_seconds_then_the_error_is_kept() {
        minter.alwaysFail = true;
        List<CredentialKey> changes = new CopyOnWriteArrayList<>();
        credentials.addChangeListener(changes::add);

        assertThatThrownBy(() -> credentials.ensureToken(1, PROVIDER))
                .isInstanceOf(CredentialsUnavailableException.class)
                .hasMessageContaining("Could not authorize with the provider " + PROVIDER)
                .hasMessageContaining("tried 4 times")
                .hasMessageContaining("Retry");

        assertThat(minter.calls.get()).isEqualTo(4);
        assertThat(scheduler.delays)
                .containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(2000));
        assertThat(scheduler.totalDelay()).isEqualTo(Duration.ofMillis(3500));
        CredentialKey key = new CredentialKey(1, PROVIDER);
        assertThat(credentials.error(key)).hasValueSatisfying(e -> {
            assertThat(e.attempts()).isEqualTo(4);
            assertThat(e.cause()).isEqualTo("signer unavailable");
        });
        assertThat(metric("pier.credentials.generation.failures")).isEqualTo(4);
        assertThat(metric("pier.credentials.exhaustions")).isEqualTo(1);
        assertThat(changes).containsExactly(key);

        // Nothing retries on its own.
        assertThat(scheduler.getQueue()).isEmpty();
        assertThat(minter.calls.get()).isEqualTo(4);

        // The next caller tries again; success clears the error.
        minter.alwaysFail = false;
        assertThat(credentials.ensureToken(1, PROVIDER).value()).startsWith("token-1");
        assertThat(credentials.error(key)).isEmpty();
        assertThat(changes).containsExactly(key, key);
    }

    @Test
    void a_transient_failure_is_retried_and_leaves_no_error() {
        minter.failuresLeft = 2;
        ProviderToken token = credentials.ensureToken(1, PROVIDER);
        assertThat(token).isNotNull();
        assertThat(minter.calls.get()).isEqualTo(3);
        assertThat(credentials.error(token.key())).isEmpty();
    }

    @Test
    void after_a_restart_a_valid_stored_token_is_used_without_generating() {
        ProviderToken first = credentials.ensureToken(1, PROVIDER);
        ProviderCredentials restarted = create(new CaffeineTokenCache(1000, TTL));
        clock.advance(Duration.ofMinutes(20));

        assertThat(restarted.ensureToken(1, PROVIDER)).isEqualTo(first);
        assertThat(minter.calls.get()).isEqualTo(1);
        assertThat(metric("pier.credentials.store.hits")).isEqualTo(1);
    }

    @Test
    void a_stored_token_inside_the_skew_is_replaced_once() {
        ProviderToken first = credentials.ensureToken(1, PROVIDER);
        ProviderCredentials restarted = create(new CaffeineTokenCache(1000, TTL));
        clock.set(first.expiresAt().minusSeconds(30));

        ProviderToken second = restarted.ensureToken(1, PROVIDER);
        assertThat(second.value()).isNotEqualTo(first.value());
        assertThat(restarted.ensureToken(1, PROVIDER)).isEqualTo(second);
        assertThat(minter.calls.get()).isEqualTo(2);
    }

    @Test
    void a_cache_that_throws_or_forgets_falls_back_to_the_database() {
        ProviderToken stored = credentials.ensureToken(1, PROVIDER);
        TokenCache throwing = new TokenCache() {
            public ProviderToken get(CredentialKey key) {
                throw new IllegalStateException("cache broken");
            }

            public void put(ProviderToken token) {
                throw new IllegalStateException("cache broken");
            }

            public void invalidate(CredentialKey key) {
                throw new IllegalStateException("cache broken");
            }
        };
        TokenCache forgetting = new TokenCache() {
            public ProviderToken get(CredentialKey key) {
                return null;
            }

            public void put(ProviderToken token) {}

            public void invalidate(CredentialKey key) {}
        };

        assertThat(create(throwing).ensureToken(1, PROVIDER)).isEqualTo(stored);
        assertThat(create(forgetting).ensureToken(1, PROVIDER)).isEqualTo(stored);
        assertThat(minter.calls.get()).isEqualTo(1);
    }

    @Test
    void a_database_write_failure_is_reported_to_the_caller_and_nothing_is_cached() {
        store.failWrites = true;
        assertThatThrownBy(() -> credentials.ensureToken(1, PROVIDER))
                .isInstanceOf(CredentialsUnavailableException.class)
                .hasMessageContaining("database unavailable");
        assertThat(credentials.peek(new CredentialKey(1, PROVIDER))).isEmpty();
        assertThat(metric("pier.credentials.tokens.generated")).isZero();
    }

    @Test
    void a_write_that_silently_did_nothing_does_not_count_as_stored() {
        store.dropWrites = true;
        assertThatThrownBy(() -> credentials.ensureToken(1, PROVIDER))
                .isInstanceOf(CredentialsUnavailableException.class)
                .hasMessageContaining("not found in the database after saving");
        assertThat(credentials.peek(new CredentialKey(1, PROVIDER))).isEmpty();
    }

    @Test
    void force_refresh_with_an_already_replaced_token_generates_nothing() {
        ProviderToken old = credentials.ensureToken(1, PROVIDER);
        ProviderToken current =
                credentials.forceRefresh(1, PROVIDER, old.value()).orElseThrow();
        assertThat(current.value()).isNotEqualTo(old.value());
        assertThat(minter.calls.get()).isEqualTo(2);

        // A second worker that was also holding the old token gets the new one, no generation.
        assertThat(credentials.forceRefresh(1, PROVIDER, old.value())).contains(current);
        assertThat(minter.calls.get()).isEqualTo(2);
    }

    @Test
    void force_refresh_never_returns_the_rejected_token() {
        minter.fixedValue = "always-the-same";
        ProviderToken rejected = credentials.ensureToken(1, PROVIDER);
        assertThat(credentials.forceRefresh(1, PROVIDER, rejected.value())).isEqualTo(Optional.empty());
    }

    @Test
    void tokens_are_kept_per_account_and_provider() {
        ProviderToken a = credentials.ensureToken(1, PROVIDER);
        ProviderToken b = credentials.ensureToken(1, OTHER_PROVIDER);
        ProviderToken c = credentials.ensureToken(2, PROVIDER);
        assertThat(List.of(a.value(), b.value(), c.value())).doesNotHaveDuplicates();
        assertThat(credentials.ensureToken(1, PROVIDER)).isEqualTo(a);
        assertThat(metric("pier.credentials.cache.hits")).isEqualTo(1);
    }

    @Test
    void invalid_input_is_reported_at_once_without_retrying() {
        TokenMinter invalid = key -> {
            throw new InvalidInputException("providerAddress", "not a valid address");
        };
        ProviderCredentials refusing = new ProviderCredentials(
                invalid, store, new CaffeineTokenCache(10, TTL), clock, properties, meters, scheduler, executor);
        assertThatThrownBy(() -> refusing.ensureToken(1, "nonsense"))
                .isInstanceOf(CredentialsUnavailableException.class)
                .hasMessageContaining("not a valid address");
        assertThat(scheduler.delays).isEmpty();
    }

    @Test
    void the_token_is_never_printed() {
        ProviderToken token = credentials.ensureToken(1, PROVIDER);
        assertThat(token.toString()).doesNotContain(token.value());
    }
}
