package dev.pier.deployment;

import dev.pier.account.AccountKeyRotated;
import dev.pier.account.AccountOwner;
import dev.pier.account.AccountService;
import dev.pier.alert.AlertKind;
import dev.pier.alert.Alerts;
import dev.pier.base.WarmerProperties;
import dev.pier.cluster.ClusterLocks;
import dev.pier.credentials.CredentialKey;
import dev.pier.credentials.ProviderTokenIssued;
import dev.pier.provider.ProviderDirectory;
import dev.pier.provider.ProviderService;
import dev.pier.provider.ProviderSummary;
import dev.pier.provider.client.ProviderCallException;
import dev.pier.provider.client.ProviderErrors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
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

    private final DeploymentRepository deployments;
    private final AccountService accounts;
    private final LeaseAccess leases;
    private final ProviderService providers;
    private final ProviderDirectory directory;
    private final RecentOwners owners;
    private final Alerts alerts;
    private final Clock clock;
    private final WarmerProperties properties;
    private final ClusterLocks clusterLocks;
    private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
    private final ThreadPoolTaskScheduler ticker = new ThreadPoolTaskScheduler();
    private final Map<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();
    private final Set<CredentialKey> refused = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Instant> nextPass = new AtomicReference<>(Instant.MIN);

    LeaseWarmer(
            DeploymentRepository deployments,
            AccountService accounts,
            LeaseAccess leases,
            ProviderService providers,
            ProviderDirectory directory,
            RecentOwners owners,
            Alerts alerts,
            Clock clock,
            WarmerProperties properties,
            ClusterLocks clusterLocks) {
        this.clusterLocks = clusterLocks;
        this.deployments = deployments;
        this.accounts = accounts;
        this.leases = leases;
        this.providers = providers;
        this.directory = directory;
        this.owners = owners;
        this.alerts = alerts;
        this.clock = clock;
        this.properties = properties;
        executor.setCorePoolSize(properties.concurrency());
        executor.setMaxPoolSize(properties.concurrency());
        executor.setQueueCapacity(10_000);
        executor.setAllowCoreThreadTimeOut(true);
        executor.setThreadNamePrefix("lease-warmer-");
        executor.initialize();
        ticker.setPoolSize(1);
        ticker.setThreadNamePrefix("lease-warmer-tick-");
        ticker.initialize();
    }

    /**
     * Starts the schedule once the application is up. The tick is real time, the decision the application clock's, so
     * tests that move the clock decide when a pass is due.
     */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (properties.enabled()) {
            ticker.scheduleWithFixedDelay(this::tick, Duration.ofSeconds(1));
        }
    }

    private void tick() {
        try {
            Instant now = clock.instant();
            Instant due = nextPass.get();
            // Due here, and not run by another console instance within the interval: one pass for all of them.
            if (!now.isBefore(due)
                    && nextPass.compareAndSet(due, now.plus(properties.interval()))
                    && clusterLocks.due("lease-warmer", properties.interval())) {
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
            if (owner == null || !active.contains(owner.userId()) || refused.contains(pair)) {
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
                if (refused.contains(pair)) {
                    break;
                }
                try {
                    leases.status(deployment);
                } catch (ProviderCallException e) {
                    if (e.status() == 401 || e.status() == 403) {
                        refuse(pair, e);
                        break;
                    }
                    // Another answer (no such lease, a provider error) concerns this lease only.
                    leases.forgetStatus(deployment);
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
        if (refused.add(pair)) {
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
        return refused.contains(new CredentialKey(accountId, providerAddress));
    }

    @EventListener
    void freshToken(ProviderTokenIssued issued) {
        if (refused.remove(new CredentialKey(issued.accountId(), issued.providerAddress()))) {
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
        refused.removeIf(pair -> accountIds.contains(pair.accountId()));
    }

    @EventListener
    void keyRotated(AccountKeyRotated rotated) {
        refused.removeIf(pair -> pair.accountId() == rotated.accountId());
    }

    @Override
    public void destroy() {
        ticker.shutdown();
        executor.shutdown();
    }
}
