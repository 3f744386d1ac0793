package dev.pier.deployment;

import dev.pier.account.AccountKeyRotated;
import dev.pier.account.AccountOwner;
import dev.pier.account.AccountService;
import dev.pier.alert.AlertKind;
import dev.pier.alert.Alerts;
import dev.pier.base.WarmerProperties;
import dev.pier.credentials.CredentialKey;
import dev.pier.credentials.ProviderTokenIssued;
import dev.pier.provider.ProviderDirectory;
import dev.pier.provider.ProviderService;
import dev.pier.provider.ProviderSummary;
import dev.pier.provider.client.ProviderCallException;
import dev.pier.provider.client.ProviderClient;
import dev.pier.provider.client.ProviderErrors;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Probes every registered provider (the provider directory lists what it saw) and keeps the status of every active
 * lease whose owner used Pier lately in {@link LeaseStatuses}, so the provider list, the deployment list and headers
 * render without a provider call. Passes run on the warmer's own bounded executor, one task per provider at a time: a
 * slow or dead provider delays only its own leases, and a pass never doubles one still running.
 *
 * <p>Credentials a provider refuses (401/403 even after the client's one forced refresh and retry) raise one alert for
 * that (account, provider) and stop its warming before any work, until a fresh credential appears: a new token (the
 * user acting in the browser, say) or a key rotation. That state lives for the process only.
 */
@Component
class LeaseWarmer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LeaseWarmer.class);

    /** Why a pair is not warmed. */
    record Refusal(int status, String message, Instant at) {}

    private final DeploymentRepository deployments;
    private final AccountService accounts;
    private final ProviderClient client;
    private final LeaseStatuses statuses;
    private final ProviderService providers;
    private final ProviderDirectory directory;
    private final RecentOwners owners;
    private final Alerts alerts;
    private final Clock clock;
    private final WarmerProperties properties;
    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService ticker;
    private final Map<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();
    private final Map<CredentialKey, Refusal> refused = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> nextPass = new AtomicReference<>(Instant.MIN);

    LeaseWarmer(
            DeploymentRepository deployments,
            AccountService accounts,
            ProviderClient client,
            LeaseStatuses statuses,
            ProviderService providers,
            ProviderDirectory directory,
            RecentOwners owners,
            Alerts alerts,
            Clock clock,
            WarmerProperties properties) {
        this.deployments = deployments;
        this.accounts = accounts;
        this.client = client;
        this.statuses = statuses;
        this.providers = providers;
        this.directory = directory;
        this.owners = owners;
        this.alerts = alerts;
        this.clock = clock;
        this.properties = properties;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(
                properties.concurrency(),
                properties.concurrency(),
                60,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(10_000),
                task -> daemon(task, "lease-warmer-" + threads.incrementAndGet()));
        this.executor.allowCoreThreadTimeOut(true);
        this.ticker = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "lease-warmer-tick"));
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Starts the schedule once the application is up. The tick is real time, the decision the application clock's, so
     * tests that move the clock decide when a pass is due.
     */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (properties.enabled()) {
            ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        }
    }

    private void tick() {
        try {
            Instant now = clock.instant();
            Instant due = nextPass.get();
            if (!now.isBefore(due) && nextPass.compareAndSet(due, now.plus(properties.interval()))) {
                warmOnce();
            }
        } catch (RuntimeException e) {
            log.warn("A lease warmer pass failed; the next one runs as planned", e);
        }
    }

    /**
     * One pass: hands each provider's leases to the executor (unless that provider's last pass still runs) and returns
     * at once; the future completes when every task of this pass has.
     */
    CompletableFuture<Void> warmOnce() {
        Set<Long> active = owners.seenSince(clock.instant().minus(properties.activeWithin()));
        List<Deployment> open = active.isEmpty() ? List.of() : deployments.findByState(Deployment.State.ACTIVE);
        Map<Long, AccountOwner> whose = accounts.owners(
                open.stream().map(Deployment::getAccountId).distinct().toList());
        Map<String, Map<CredentialKey, List<DeploymentSummary>>> byProvider = new LinkedHashMap<>();
        for (Deployment deployment : open) {
            AccountOwner owner = whose.get(deployment.getAccountId());
            CredentialKey pair = new CredentialKey(deployment.getAccountId(), deployment.getProviderAddress());
            // Refused pairs are skipped before any work: no token is asked for and no request is made.
            if (owner == null || !active.contains(owner.userId()) || refused.containsKey(pair)) {
                continue;
            }
            byProvider
                    .computeIfAbsent(pair.providerAddress(), p -> new LinkedHashMap<>())
                    .computeIfAbsent(pair, p -> new ArrayList<>())
                    .add(deployment.summary());
        }
        List<CompletableFuture<Void>> tasks = new ArrayList<>();
        // Every registered provider is probed (the directory lists what the probe saw), then its warm leases asked.
        for (ProviderSummary provider : providers.list()) {
            var pairs = byProvider.getOrDefault(provider.address(), Map.of());
            tasks.add(running.compute(provider.address(), (p, previous) -> {
                if (previous != null && !previous.isDone()) {
                    return previous;
                }
                try {
                    return CompletableFuture.runAsync(() -> warmProvider(provider, pairs), executor);
                } catch (RejectedExecutionException full) {
                    log.warn("The lease warmer's queue is full; {} waits for the next pass", provider.name());
                    return CompletableFuture.completedFuture(null);
                }
            }));
        }
        return CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new));
    }

    private void warmProvider(ProviderSummary provider, Map<CredentialKey, List<DeploymentSummary>> pairs) {
        // An unreachable provider is left at once: its leases would each wait the same timeout.
        if (!directory.test(provider).online()) {
            return;
        }
        for (var entry : pairs.entrySet()) {
            CredentialKey pair = entry.getKey();
            for (DeploymentSummary deployment : entry.getValue()) {
                if (refused.containsKey(pair)) {
                    break;
                }
                try {
                    statuses.record(deployment.id(), client.leaseStatus(pair.accountId(), deployment.lease()));
                } catch (ProviderCallException e) {
                    if (e.status() == 401 || e.status() == 403) {
                        refuse(pair, e);
                        break;
                    }
                    // Another answer (no such lease, a provider error) concerns this lease only.
                    statuses.forget(deployment.id());
                } catch (RuntimeException unreachable) {
                    // Its other leases would wait the same timeout: the provider is left until the next pass.
                    log.debug("Lease warmer: {} is unreachable", pair.providerAddress(), unreachable);
                    return;
                }
            }
        }
    }

    private void refuse(CredentialKey pair, ProviderCallException e) {
        String why = ProviderErrors.classify(e, e.hostUri()).message();
        String message = "The provider " + e.hostUri() + " refused account " + pair.accountId()
                + "'s credentials (HTTP " + e.status() + ") even with a freshly created token: " + why
                + " Pier stopped refreshing this account's lease status there until a new token or a key rotation;"
                + " check that the provider can read this console's key registry, then rotate the account's key.";
        if (refused.putIfAbsent(pair, new Refusal(e.status(), message, clock.instant())) == null) {
            alerts.raise(
                    AlertKind.CREDENTIALS_REFUSED,
                    pair.accountId(),
                    pair.providerAddress(),
                    String.valueOf(e.status()),
                    message);
        }
    }

    /** Whether warming of this pair stopped because its credentials were refused. */
    boolean isRefused(long accountId, String providerAddress) {
        return refused.containsKey(new CredentialKey(accountId, providerAddress));
    }

    @EventListener
    void freshToken(ProviderTokenIssued issued) {
        if (refused.remove(new CredentialKey(issued.accountId(), issued.providerAddress())) != null) {
            log.info(
                    "Lease warming resumes for account {} at {}: a new token",
                    issued.accountId(),
                    issued.providerAddress());
        }
    }

    /**
     * Someone opened one of their deployments: a person acting counts as a fresh start for their accounts' refused
     * pairs (one more try each, so a fixed provider is noticed; a person's clicks cannot make a storm).
     */
    void ownerActed(List<Long> accountIds) {
        refused.keySet().removeIf(pair -> accountIds.contains(pair.accountId()));
    }

    @EventListener
    void keyRotated(AccountKeyRotated rotated) {
        refused.keySet().removeIf(pair -> pair.accountId() == rotated.accountId());
    }

    @Override
    public void destroy() {
        ticker.shutdownNow();
        executor.shutdownNow();
    }
}
