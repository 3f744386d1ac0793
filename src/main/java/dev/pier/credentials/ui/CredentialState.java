package dev.pier.credentials.ui;

import com.vaadin.flow.shared.Registration;
import dev.pier.credentials.CredentialError;
import dev.pier.credentials.CredentialKey;
import dev.pier.credentials.CredentialsUnavailableException;
import dev.pier.credentials.ProviderCredentials;
import dev.pier.credentials.ProviderToken;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What one browser tab knows about its provider credentials, per provider of its active account: whether a token is
 * usable or expired, whether the last generation failed, and whether the tab ever had access (so content, once shown,
 * stays mounted). A tab waits on at most one generation per provider, and when that one fails after every retry it
 * shows exactly one notification. Switching the tab's account drops every claim of the old account: a result that
 * arrives for it afterwards is ignored.
 */
public class CredentialState {

    public enum Status {
        PENDING,
        USABLE,
        EXPIRED,
        ERROR
    }

    /** The state of one provider, as views render it. */
    public record Snapshot(Status status, CredentialError error, boolean hadAccess, Instant expiresAt) {

        public boolean usable() {
            return status == Status.USABLE;
        }

        public boolean expired() {
            return status == Status.EXPIRED;
        }

        public boolean hasError() {
            return error != null;
        }
    }

    private static final class Claim {
        CompletableFuture<ProviderToken> waiting;
        boolean hadAccess;
    }

    private final ProviderCredentials credentials;
    private final LongSupplier activeAccount;
    private final Consumer<Runnable> uiAccess;
    private final Consumer<String> notifier;
    private final Map<String, Claim> claims = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private volatile long epoch;

    /**
     * @param activeAccount the tab's active account id
     * @param uiAccess runs a state change with the tab's UI lock held (Vaadin's {@code ui.access})
     * @param notifier shows one error notification in the tab
     */
    public CredentialState(
            ProviderCredentials credentials,
            LongSupplier activeAccount,
            Consumer<Runnable> uiAccess,
            Consumer<String> notifier) {
        this.credentials = credentials;
        this.activeAccount = activeAccount;
        this.uiAccess = uiAccess;
        this.notifier = notifier;
    }

    public Snapshot snapshot(String provider) {
        CredentialKey key = key(provider);
        Claim claim = claims.get(provider);
        boolean hadAccess = claim != null && claim.hadAccess;
        CredentialError error = credentials.error(key).orElse(null);
        ProviderToken token = credentials.peek(key).orElse(null);
        Status status;
        if (error != null) {
            status = Status.ERROR;
        } else if (token != null && credentials.isUsable(token)) {
            status = Status.USABLE;
        } else if (token != null && hadAccess) {
            status = Status.EXPIRED;
        } else {
            status = Status.PENDING;
        }
        return new Snapshot(status, error, hadAccess, token == null ? null : token.expiresAt());
    }

    /** Asks for a usable token for the provider unless this tab is already waiting for one. */
    public void request(String provider) {
        Claim claim = claims.computeIfAbsent(provider, p -> new Claim());
        // A finished claim whose completion callback has not run yet must not block a new request.
        if (claim.waiting != null && !claim.waiting.isDone()) {
            return;
        }
        long claimedIn = epoch;
        CompletableFuture<ProviderToken> future = credentials.ensureTokenAsync(key(provider));
        claim.waiting = future;
        future.whenComplete((token, failure) -> uiAccess.accept(() -> {
            if (claimedIn != epoch) {
                return;
            }
            if (claim.waiting == future) {
                claim.waiting = null;
            }
            if (failure == null) {
                claim.hadAccess = true;
            } else {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                notifier.accept(
                        cause instanceof CredentialsUnavailableException unavailable
                                ? unavailable.error().message()
                                : "Could not authorize with the provider " + provider + ": " + cause.getMessage());
            }
            fire(provider);
        }));
    }

    /** The account of this tab changed: forget the old account's claims and errors and let views ask again. */
    public void accountSwitched() {
        epoch++;
        Set<String> providers = Set.copyOf(claims.keySet());
        claims.clear();
        providers.forEach(this::fire);
    }

    /** Called (from any thread) when the service changed the state of a key: another tab's generation, an error. */
    public void serviceChanged(CredentialKey key) {
        if (key.accountId() == activeAccount.getAsLong() && claims.containsKey(key.providerAddress())) {
            uiAccess.accept(() -> {
                Claim claim = claims.get(key.providerAddress());
                if (claim != null && snapshot(key.providerAddress()).usable()) {
                    claim.hadAccess = true;
                }
                fire(key.providerAddress());
            });
        }
    }

    /** Called with the provider address whenever its snapshot may have changed. */
    public Registration addChangeListener(Consumer<String> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void fire(String provider) {
        listeners.forEach(l -> l.accept(provider));
    }

    private CredentialKey key(String provider) {
        return new CredentialKey(activeAccount.getAsLong(), provider);
    }
}
