package dev.pier.credentials;

import com.vaadin.flow.shared.Registration;
import dev.pier.base.InvalidInputException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only way any code obtains a provider token ({@link #ensureToken}). Tokens are provider-bound, so all state is per
 * (account, provider). The rules, from DESIGN.md:
 *
 * <ol>
 *   <li>durable first: a new token is in the database before the cache; a cache miss or a failing cache falls back to
 *       the database, and a save counts only once the token reads back;
 *   <li>hydrated: a still-valid stored token is used after a restart, nothing is generated while one exists;
 *   <li>skew-aware: a token counts as expired {@code refreshSkew} before its exp;
 *   <li>single flight: concurrent callers for one key share one generation;
 *   <li>retried with exponential backoff, then the error is kept (and shown) until the next success; nothing retries on
 *       its own after that;
 *   <li>callers that retry call {@link #ensureToken} again for every attempt;
 *   <li>{@link #forceRefresh} after a 401 generates only if the rejected token is still the current one, and never
 *       returns the rejected token.
 * </ol>
 */
public class ProviderCredentials {

    private static final Logger log = LoggerFactory.getLogger(ProviderCredentials.class);

    private final TokenMinter minter;
    private final TokenStore store;
    private final TokenCache cache;
    private final Clock clock;
    private final Duration skew;
    private final Retry retry;
    private final ScheduledExecutorService backoffScheduler;
    private final Executor executor;

    private final ConcurrentHashMap<CredentialKey, CompletableFuture<ProviderToken>> inFlight =
            new ConcurrentHashMap<>();
    private final ConcurrentHashMap<CredentialKey, CredentialError> errors = new ConcurrentHashMap<>();
    private final List<Consumer<CredentialKey>> listeners = new CopyOnWriteArrayList<>();

    private final GenerationLock generationLock;
    private final Counter generated;
    private final Counter cacheHits;
    private final Counter storeHits;
    private final Counter joined;
    private final Counter attemptFailures;
    private final Counter exhaustions;

    ProviderCredentials(
            TokenMinter minter,
            TokenStore store,
            TokenCache cache,
            Clock clock,
            CredentialsProperties properties,
            MeterRegistry meters,
            ScheduledExecutorService backoffScheduler,
            Executor executor) {
        this(minter, store, cache, clock, properties, meters, backoffScheduler, executor, GenerationLock.IN_PROCESS);
    }

    ProviderCredentials(
            TokenMinter minter,
            TokenStore store,
            TokenCache cache,
            Clock clock,
            CredentialsProperties properties,
            MeterRegistry meters,
            ScheduledExecutorService backoffScheduler,
            Executor executor,
            GenerationLock generationLock) {
        this.generationLock = generationLock;
        this.minter = minter;
        this.store = store;
        this.cache = cache;
        this.clock = clock;
        this.skew = properties.refreshSkew();
        this.backoffScheduler = backoffScheduler;
        this.executor = executor;
        var retrySettings = properties.retry();
        this.retry = Retry.of(
                "provider-token",
                RetryConfig.custom()
                        .maxAttempts(retrySettings.maxAttempts())
                        // Bad input (an invalid address, say) fails the same way every time: report it at once.
                        .retryOnException(e -> !(unwrap(e) instanceof InvalidInputException))
                        .intervalFunction(IntervalFunction.ofExponentialBackoff(
                                retrySettings.initialBackoff(), retrySettings.multiplier(), retrySettings.maxBackoff()))
                        .build());
        this.generated = counter(meters, "pier.credentials.tokens.generated", "Provider tokens signed and stored");
        this.cacheHits = counter(meters, "pier.credentials.cache.hits", "ensureToken calls answered from memory");
        this.storeHits = counter(meters, "pier.credentials.store.hits", "ensureToken calls answered from the database");
        this.joined =
                counter(meters, "pier.credentials.inflight.joined", "Callers that joined a generation in progress");
        this.attemptFailures = counter(meters, "pier.credentials.generation.failures", "Failed generation attempts");
        this.exhaustions = counter(meters, "pier.credentials.exhaustions", "Generations that failed after every retry");
    }

    private static Counter counter(MeterRegistry meters, String name, String description) {
        return Counter.builder(name).description(description).register(meters);
    }

    /**
     * A usable token for the account at the provider, generating one only when none is stored. Blocks while a token is
     * generated (retries included, a few seconds at most).
     *
     * @throws CredentialsUnavailableException when every attempt failed
     */
    public ProviderToken ensureToken(long accountId, String providerAddress) {
        CredentialKey key = new CredentialKey(accountId, providerAddress);
        ProviderToken cached = fromCache(key);
        if (cached != null && cached.usableAt(clock.instant(), skew)) {
            cacheHits.increment();
            return cached;
        }
        return await(ensureTokenAsync(key));
    }

    /** The same as {@link #ensureToken} without blocking: for views, which must not hold the UI thread. */
    public CompletableFuture<ProviderToken> ensureTokenAsync(CredentialKey key) {
        Instant now = clock.instant();
        ProviderToken cached = fromCache(key);
        if (cached != null && cached.usableAt(now, skew)) {
            cacheHits.increment();
            return CompletableFuture.completedFuture(cached);
        }
        ProviderToken stored = fromStore(key);
        if (stored != null && stored.usableAt(now, skew)) {
            storeHits.increment();
            putInCache(stored);
            return CompletableFuture.completedFuture(stored);
        }
        return generate(key);
    }

    /**
     * For a caller whose token a provider rejected (401): a new token if the rejected one is still current, the current
     * one if it was already replaced, and empty rather than the rejected token again.
     *
     * @throws CredentialsUnavailableException when a new token was needed and every attempt failed
     */
    public Optional<ProviderToken> forceRefresh(long accountId, String providerAddress, String rejectedToken) {
        CredentialKey key = new CredentialKey(accountId, providerAddress);
        ProviderToken current = fromCache(key);
        if (current == null) {
            current = fromStore(key);
        }
        if (current != null && !current.value().equals(rejectedToken) && current.usableAt(clock.instant(), skew)) {
            return Optional.of(current);
        }
        cacheInvalidate(key);
        store.deleteIfValue(key, rejectedToken);
        ProviderToken fresh = await(ensureTokenAsync(key));
        return fresh.value().equals(rejectedToken) ? Optional.empty() : Optional.of(fresh);
    }

    /** The token currently held, without generating one; it may be expired. */
    public Optional<ProviderToken> peek(CredentialKey key) {
        ProviderToken cached = fromCache(key);
        return Optional.ofNullable(cached != null ? cached : fromStore(key));
    }

    /** The error of the last failed generation for this key, until a generation succeeds. */
    public Optional<CredentialError> error(CredentialKey key) {
        return Optional.ofNullable(errors.get(key));
    }

    /** Whether a token counts as usable now (skew included). */
    public boolean isUsable(ProviderToken token) {
        return token.usableAt(clock.instant(), skew);
    }

    /** When a token stops counting as usable (exp minus the skew): a long-lived user renews before then. */
    public Instant renewalTime(ProviderToken token) {
        return token.expiresAt().minus(skew);
    }

    /** Called with the key whenever a token is generated or an error is set or cleared. */
    public Registration addChangeListener(Consumer<CredentialKey> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private CompletableFuture<ProviderToken> generate(CredentialKey key) {
        CompletableFuture<ProviderToken> mine = new CompletableFuture<>();
        CompletableFuture<ProviderToken> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            joined.increment();
            return running;
        }
        // A generation may have finished between our cache check and claiming the slot.
        ProviderToken justMade = fromCache(key);
        if (justMade != null && justMade.usableAt(clock.instant(), skew)) {
            inFlight.remove(key, mine);
            mine.complete(justMade);
            return mine;
        }
        int[] attempts = {0};
        retry.executeCompletionStage(
                        backoffScheduler,
                        () -> CompletableFuture.supplyAsync(
                                () -> {
                                    attempts[0]++;
                                    return mintAndStore(key);
                                },
                                executor))
                .whenComplete((token, failure) -> {
                    inFlight.remove(key, mine);
                    if (failure == null) {
                        boolean hadError = errors.remove(key) != null;
                        notifyListeners(key);
                        mine.complete(token);
                        if (hadError) {
                            log.info("Provider credentials for {} recovered", key);
                        }
                    } else {
                        Throwable cause = unwrap(failure);
                        CredentialError error = errorFor(key, cause, attempts[0]);
                        errors.put(key, error);
                        exhaustions.increment();
                        log.warn(
                                "Could not obtain a provider token for {} after {} attempts: {}",
                                key,
                                attempts[0],
                                cause.toString());
                        notifyListeners(key);
                        mine.completeExceptionally(new CredentialsUnavailableException(error, cause));
                    }
                });
        return mine;
    }

    private ProviderToken mintAndStore(CredentialKey key) {
        return generationLock.holding(key, () -> {
            // Another console instance may have stored one while this one waited for the lock: that one is used.
            ProviderToken stored = fromStore(key);
            if (stored != null && stored.usableAt(clock.instant(), skew)) {
                storeHits.increment();
                putInCache(stored);
                return stored;
            }
            return mintAndStoreHere(key);
        });
    }

    private ProviderToken mintAndStoreHere(CredentialKey key) {
        try {
            ProviderToken token = minter.mint(key);
            store.save(token);
            // "Did not throw" is not "stored": only a token that reads back counts.
            ProviderToken readBack = store.find(key).orElse(null);
            if (readBack == null || !readBack.value().equals(token.value())) {
                throw new IllegalStateException("the token was not found in the database after saving it");
            }
            putInCache(token);
            generated.increment();
            return token;
        } catch (RuntimeException e) {
            attemptFailures.increment();
            throw e;
        }
    }

    private CredentialError errorFor(CredentialKey key, Throwable cause, int attempts) {
        String message = "Could not authorize with the provider " + key.providerAddress() + ": Pier tried "
                + (attempts == 1 ? "once" : attempts + " times") + " to create a token and failed (" + describe(cause)
                + "). Press Retry; if it keeps failing, "
                + "check the account's key under Accounts and ask an administrator to look at the server log.";
        return new CredentialError(key, message, describe(cause), attempts, clock.instant());
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private ProviderToken fromCache(CredentialKey key) {
        try {
            return cache.get(key);
        } catch (RuntimeException e) {
            log.warn("Token cache failed to read {}; using the database", key, e);
            return null;
        }
    }

    private void putInCache(ProviderToken token) {
        try {
            cache.put(token);
        } catch (RuntimeException e) {
            log.warn("Token cache failed to store {}; the database still has it", token.key(), e);
        }
    }

    private void cacheInvalidate(CredentialKey key) {
        try {
            cache.invalidate(key);
        } catch (RuntimeException e) {
            log.warn("Token cache failed to drop {}", key, e);
        }
    }

    private ProviderToken fromStore(CredentialKey key) {
        try {
            return store.find(key).orElse(null);
        } catch (RuntimeException e) {
            log.warn("Could not read the stored token for {}; a new one will be generated", key, e);
            return null;
        }
    }

    private void notifyListeners(CredentialKey key) {
        for (Consumer<CredentialKey> listener : listeners) {
            try {
                listener.accept(key);
            } catch (RuntimeException e) {
                log.warn("A credential listener failed", e);
            }
        }
    }

    private static ProviderToken await(CompletableFuture<ProviderToken> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a provider token", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
