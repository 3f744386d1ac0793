package dev.pier.deployment;

import dev.pier.account.AccountOwner;
import dev.pier.account.AccountRetiring;
import dev.pier.account.AccountService;
import dev.pier.account.AccountSummary;
import dev.pier.audit.AuditAction;
import dev.pier.audit.AuditLog;
import dev.pier.base.InvalidInputException;
import dev.pier.base.WarmerProperties;
import dev.pier.manifest.Manifest;
import dev.pier.manifest.ManifestEdits;
import dev.pier.manifest.ManifestParser;
import dev.pier.manifest.ManifestProgress;
import dev.pier.manifest.SecretReferences;
import dev.pier.provider.ProviderDirectory;
import dev.pier.provider.ProviderRemoving;
import dev.pier.provider.ProviderService;
import dev.pier.provider.client.LeaseRef;
import dev.pier.provider.client.ProviderCallException;
import dev.pier.provider.client.ProviderClient;
import dev.pier.user.UserService;
import dev.pier.user.UserSummary;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.SliceImpl;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deployments of a user's accounts. Provider calls run outside database transactions (they can take seconds), and a
 * deployment is recorded only once its provider accepted the manifest: a failed or refused deployment leaves no trace
 * but the error, and its lease is closed again.
 */
@Service
public class DeploymentService {

    private final DeploymentRepository deployments;
    private final ManifestVersionRepository versions;
    private final AccountService accounts;
    private final ProviderService providers;
    private final ProviderDirectory directory;
    private final ProviderClient client;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final DseqAllocator dseqs;
    private final AuditLog audit;
    private final UserService users;
    private final LeaseStatuses statuses;
    private final RecentOwners recentOwners;
    private final LeaseArchive archive;
    private final LeaseWarmer warmer;
    private final LeaseAccess leases;
    private final SecretStore secrets;
    private final Duration warmerInterval;

    DeploymentService(
            DeploymentRepository deployments,
            ManifestVersionRepository versions,
            AccountService accounts,
            ProviderService providers,
            ProviderDirectory directory,
            ProviderClient client,
            Clock clock,
            TransactionTemplate transactions,
            DseqAllocator dseqs,
            AuditLog audit,
            UserService users,
            LeaseStatuses statuses,
            RecentOwners recentOwners,
            WarmerProperties warmer,
            LeaseArchive archive,
            @Lazy LeaseWarmer leaseWarmer,
            LeaseAccess leases,
            SecretStore secrets) {
        this.leases = leases;
        this.secrets = secrets;
        this.archive = archive;
        this.warmer = leaseWarmer;
        this.statuses = statuses;
        this.recentOwners = recentOwners;
        this.warmerInterval = warmer.interval();
        this.audit = audit;
        this.users = users;
        this.directory = directory;
        this.dseqs = dseqs;
        this.deployments = deployments;
        this.versions = versions;
        this.accounts = accounts;
        this.providers = providers;
        this.client = client;
        this.clock = clock;
        this.transactions = transactions;
    }

    /** The names of the user's accounts by id, for telling their deployments apart. */
    public Map<Long, String> accountNames(long userId) {
        var names = new LinkedHashMap<Long, String>();
        accounts.accountsOf(userId).forEach(a -> names.put(a.id(), a.name()));
        return names;
    }

    /** The registered providers to deploy on, with whether each is online now and isolates workloads. */
    public List<ProviderChoice> providerChoices() {
        return directory.list().stream()
                .map(o -> new ProviderChoice(
                        o.provider().address(), o.provider().name(), o.online(), !"none".equals(o.isolation())))
                .toList();
    }

    public Slice<DeploymentSummary> list(long userId, String filter, Pageable page) {
        return list(userId, filter, null, page);
    }

    /**
     * The user's deployments, newest first: {@code filter} matches the name or the dseq; {@code active} true lists only
     * open ones, false only closed ones, null both.
     */
    public Slice<DeploymentSummary> list(long userId, String filter, Boolean active, Pageable page) {
        recentOwners.seen(userId);
        String text = filter == null ? "" : filter.trim();
        Long dseq = text.matches("\\d{1,18}") ? Long.valueOf(text) : null;
        Deployment.State state = active == null ? null : active ? Deployment.State.ACTIVE : Deployment.State.CLOSED;
        return deployments
                .search(accountIds(userId), text, dseq, state, null, page)
                .map(Deployment::summary);
    }

    /**
     * Every deployment of the installation, newest first (administrators): {@code owner} is a username, {@code name}
     * matches the name or the dseq, {@code active} true lists open ones, false closed ones, null both.
     */
    @PreAuthorize("hasRole('ADMIN')")
    public Slice<AdminDeployment> listAll(
            @Nullable String owner,
            @Nullable String provider,
            @Nullable Boolean active,
            @Nullable String name,
            Pageable page) {
        String text = name == null ? "" : name.trim();
        Long dseq = text.matches("\\d{1,18}") ? Long.valueOf(text) : null;
        Deployment.State state = active == null ? null : active ? Deployment.State.ACTIVE : Deployment.State.CLOSED;
        String at = provider == null || provider.isBlank() ? null : provider.trim();
        Slice<Deployment> found;
        if (owner == null || owner.isBlank()) {
            found = deployments.searchAll(text, dseq, state, at, page);
        } else {
            var user = users.credentials(owner);
            if (user.isEmpty()) {
                return new SliceImpl<>(List.of(), page, false);
            }
            found = deployments.search(accounts.allAccountIdsOf(user.get().id()), text, dseq, state, at, page);
        }
        Map<Long, AccountOwner> owners = accounts.owners(
                found.getContent().stream().map(Deployment::getAccountId).toList());
        Map<Long, String> usernames = users.usernames(
                owners.values().stream().map(AccountOwner::userId).toList());
        return found.map(d -> {
            AccountOwner account = owners.get(d.getAccountId());
            return new AdminDeployment(
                    d.summary(),
                    account == null ? "?" : usernames.getOrDefault(account.userId(), "?"),
                    account == null ? "?" : account.name());
        });
    }

    /**
     * Any deployment, for an administrator who opens its page; the access is recorded. Its provider is reached with the
     * owning account's credentials, as for its owner.
     */
    @PreAuthorize("hasRole('ADMIN')")
    public Optional<DeploymentSummary> viewAsAdministrator(long dseq) {
        Optional<DeploymentSummary> found = deployments.findByDseq(dseq).map(Deployment::summary);
        found.ifPresent(d -> audit.record(
                AuditAction.DEPLOYMENT_VIEWED_BY_ADMIN,
                "deployment " + dseq,
                "'" + d.name() + "' of " + accounts.addressOf(d.accountId())));
        return found;
    }

    /** An administrator opens a shell into another user's replica: recorded before it opens. */
    @PreAuthorize("hasRole('ADMIN')")
    public void recordAdministratorShell(DeploymentSummary deployment, String service, int replica) {
        audit.record(
                AuditAction.ADMIN_SHELL_OPENED,
                "deployment " + deployment.dseq(),
                service + "-" + replica + " of " + accounts.addressOf(deployment.accountId()));
    }

    /** The versions of a deployment the caller was allowed to open (newest first). */
    public List<ManifestVersionSummary> versionsOf(DeploymentSummary deployment) {
        return versions.findByDeploymentIdOrderByVersionDesc(deployment.id()).stream()
                .map(ManifestVersion::summary)
                .toList();
    }

    /** One of the user's deployments, as its page opens (the lease warmer takes that as the owner acting). */
    public Optional<DeploymentSummary> find(long userId, long dseq) {
        List<Long> accountIds = accountIds(userId);
        recentOwners.seen(userId);
        warmer.ownerActed(accountIds);
        return deployments.findByAccountIdInAndDseq(accountIds, dseq).map(Deployment::summary);
    }

    /**
     * Opens a lease on the provider, sends the manifest (reporting each step) and records the deployment.
     *
     * @throws dev.pier.manifest.InvalidManifestException a manifest with errors, each with line and column; nothing
     *     changed
     * @throws InvalidInputException a bad name, account or provider; nothing changed
     */
    public DeploymentSummary create(
            long userId,
            String username,
            long accountId,
            String provider,
            String name,
            String yaml,
            Consumer<ManifestProgress> progress) {
        return create(userId, username, accountId, provider, name, yaml, Map.of(), progress);
    }

    /** As {@link #create}, with the secrets its manifest names (kept sealed once the deployment is recorded). */
    public DeploymentSummary create(
            long userId,
            String username,
            long accountId,
            String provider,
            String name,
            String yaml,
            Map<String, String> secretValues,
            Consumer<ManifestProgress> progress) {
        secretValues.forEach(DeploymentSecrets::check);
        String validName = name == null ? "" : name.trim();
        if (validName.isEmpty() || validName.length() > 64) {
            throw new InvalidInputException("name", "Give the deployment a name of 1 to 64 characters.");
        }
        AccountSummary account = accounts.find(userId, accountId)
                .orElseThrow(
                        () -> new InvalidInputException("account", "You have no account with id " + accountId + "."));
        if (provider == null || providers.findByAddress(provider).isEmpty()) {
            throw new InvalidInputException(
                    "provider", "Choose a provider registered with this console (see Providers).");
        }
        refuseUnknownSecrets(ManifestParser.parse(yaml), secretValues.keySet());
        long dseq = openFreshLease(account.id(), provider);
        LeaseRef lease = LeaseRef.of(provider, dseq);
        try {
            client.sendManifest(account.id(), provider, dseq, yaml, secretValues, progress);
        } catch (RuntimeException e) {
            closeQuietly(account.id(), lease);
            throw e;
        }
        return transactions.execute(status -> {
            Deployment saved =
                    deployments.save(new Deployment(account.id(), dseq, provider, validName, clock.instant()));
            versions.save(new ManifestVersion(saved.getId(), 1, yaml, username, clock.instant()));
            secretValues.forEach(
                    (secret, value) -> secrets.put(saved.getId(), secret, value, username, clock.instant()));
            return saved.summary();
        });
    }

    /**
     * Takes the next dseq of the installation and opens its lease. A provider that already holds a lease with that
     * number for the account (it outlived an earlier database of this console) answers 409: the next number is tried.
     */
    private long openFreshLease(long accountId, String provider) {
        for (int attempt = 1; ; attempt++) {
            long dseq = dseqs.next();
            try {
                client.openLease(accountId, LeaseRef.of(provider, dseq));
                return dseq;
            } catch (ProviderCallException e) {
                if (e.status() != 409 || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** Applies a new manifest (or an old version again); it becomes the next version once the provider applied it. */
    public ManifestVersionSummary updateManifest(
            long userId, String username, long dseq, String yaml, Consumer<ManifestProgress> progress) {
        return apply(active(userId, dseq), yaml, username, null, progress);
    }

    /**
     * Sets how many replicas a service runs: the last manifest applied with that count, applied as the next version
     * (noted "scaled web to 3"); the rest of the manifest stays as written.
     */
    public ManifestVersionSummary scale(
            long userId, String username, long dseq, String service, int count, Consumer<ManifestProgress> progress) {
        Deployment deployment = active(userId, dseq);
        String yaml = ManifestEdits.withCount(lastApplied(deployment), service, count);
        return apply(deployment, yaml, username, "scaled " + service + " to " + count, progress);
    }

    /** Sends a manifest to the deployment's provider; once applied it becomes the next version. */
    private ManifestVersionSummary apply(
            Deployment deployment,
            String yaml,
            String username,
            @Nullable String change,
            Consumer<ManifestProgress> progress) {
        return apply(deployment, yaml, secrets.values(deployment.getId()), username, change, progress);
    }

    /**
     * Sends a manifest with the values of the secrets it names (refused, changing nothing, when it names one that
     * {@code secretValues} lacks); once applied it becomes the next version.
     */
    ManifestVersionSummary apply(
            Deployment deployment,
            String yaml,
            Map<String, String> secretValues,
            String username,
            @Nullable String change,
            Consumer<ManifestProgress> progress) {
        refuseUnknownSecrets(ManifestParser.parse(yaml), secretValues.keySet());
        client.sendManifest(
                deployment.getAccountId(),
                deployment.getProviderAddress(),
                deployment.summary().leaseDseq(),
                yaml,
                secretValues,
                progress);
        return recordVersion(deployment, yaml, username, change);
    }

    private static void refuseUnknownSecrets(Manifest manifest, Set<String> known) {
        List<String> unknown = SecretReferences.unknown(manifest, known);
        if (!unknown.isEmpty()) {
            throw new InvalidInputException(
                    "manifest",
                    String.join("; ", unknown) + ", which this deployment does not have. Set "
                            + (unknown.size() == 1 ? "it" : "them") + " under Secrets first; nothing was changed.");
        }
    }

    /**
     * Restarts a service's replicas ({@code replica} null) or one of them with the manifest in force; recorded as the
     * next version (the same manifest, noted "restarted web" or "restarted web replica 0"), so history says who and
     * when.
     */
    public ManifestVersionSummary restart(
            long userId, String username, long dseq, String service, @Nullable Integer replica) {
        Deployment deployment = active(userId, dseq);
        String yaml = lastApplied(deployment);
        if (ManifestParser.parse(yaml).services().stream()
                .noneMatch(s -> s.name().equals(service))) {
            throw new InvalidInputException("service", "Deployment " + dseq + " has no service '" + service + "'.");
        }
        client.restart(deployment.getAccountId(), deployment.summary().lease(), service, replica);
        return recordVersion(
                deployment, yaml, username, "restarted " + service + (replica == null ? "" : " replica " + replica));
    }

    String lastApplied(Deployment deployment) {
        return versions.findByDeploymentIdOrderByVersionDesc(deployment.getId()).stream()
                .findFirst()
                .map(v -> v.summary().yaml())
                .orElseThrow(() -> new InvalidInputException(
                        "dseq", "Deployment " + deployment.summary().dseq() + " has no manifest yet."));
    }

    private ManifestVersionSummary recordVersion(
            Deployment deployment, String yaml, String username, @Nullable String change) {
        return transactions.execute(status -> {
            int next = versions.findByDeploymentIdOrderByVersionDesc(deployment.getId()).stream()
                    .findFirst()
                    .map(v -> v.summary().version() + 1)
                    .orElse(1);
            return versions.save(new ManifestVersion(deployment.getId(), next, yaml, username, clock.instant(), change))
                    .summary();
        });
    }

    /**
     * An administrator closes any deployment, a disabled user's included, through the administrator's own default
     * account (the provider accepts that from an administrator's key); it is marked closed like any other.
     */
    @PreAuthorize("hasRole('ADMIN')")
    public DeploymentSummary closeAsAdministrator(long administratorId, long dseq) {
        Deployment deployment = deployments
                .findByDseq(dseq)
                .filter(Deployment::isActive)
                .orElseThrow(() -> new InvalidInputException("dseq", "There is no active deployment " + dseq + "."));
        String owner = accounts.addressOf(deployment.getAccountId());
        // Recorded before the provider is told: a close the log cannot record does not happen.
        audit.record(
                AuditAction.LEASE_CLOSED_BY_ADMIN,
                "deployment " + dseq,
                "'" + deployment.summary().name() + "' of " + owner + " on "
                        + deployment.summary().provider());
        archive.archive(deployment.summary());
        client.closeLeaseAsAdministrator(
                accounts.defaultAccountOf(administratorId).id(),
                deployment.summary().lease(),
                owner);
        return markClosed(deployment, usernameOf(administratorId));
    }

    /**
     * Keeps the lease's log and events (see {@link LeaseArchive}), closes the lease on the provider (every process
     * stops there) and marks the deployment closed, by whom and when.
     */
    public DeploymentSummary close(long userId, long dseq) {
        Deployment deployment = active(userId, dseq);
        archive.archive(deployment.summary());
        client.closeLease(deployment.getAccountId(), deployment.summary().lease());
        return markClosed(deployment, usernameOf(userId));
    }

    private DeploymentSummary markClosed(Deployment deployment, String by) {
        return transactions.execute(status -> {
            Deployment reloaded = deployments.findById(deployment.getId()).orElseThrow();
            reloaded.close(clock.instant(), by);
            return deployments.save(reloaded).summary();
        });
    }

    private String usernameOf(long userId) {
        return users.find(userId).map(UserSummary::username).orElse("user " + userId);
    }

    public List<ManifestVersionSummary> versions(long userId, long dseq) {
        Deployment deployment =
                deployments.findByAccountIdInAndDseq(accountIds(userId), dseq).orElseThrow(() -> unknown(dseq));
        return versions.findByDeploymentIdOrderByVersionDesc(deployment.getId()).stream()
                .map(ManifestVersion::summary)
                .toList();
    }

    /** The manifest in force, as the provider has it. */
    public String manifestInForce(DeploymentSummary deployment) {
        return client.manifest(deployment.accountId(), deployment.lease());
    }

    /**
     * The readiness when it needs no provider call: a closed deployment, or a status seen within two warmer intervals
     * (the warmer keeps active owners' leases that fresh).
     */
    public Optional<Readiness> knownReadiness(DeploymentSummary deployment) {
        if (!deployment.active()) {
            return Optional.of(Readiness.UNKNOWN);
        }
        return statuses.seenWithin(deployment.id(), warmerInterval.multipliedBy(2))
                .map(LeaseStatuses.Observed::readiness);
    }

    /**
     * Services ready over all, and a crash loop if any: seen in the last few seconds, or asked of the provider; "—"
     * when it cannot be had.
     */
    public Readiness readiness(DeploymentSummary deployment) {
        if (!deployment.active()) {
            return Readiness.UNKNOWN;
        }
        Optional<LeaseStatuses.Observed> recent = statuses.seenWithin(deployment.id(), Duration.ofSeconds(5));
        if (recent.isPresent()) {
            return recent.get().readiness();
        }
        try {
            return Readiness.of(leases.status(deployment), clock.instant());
        } catch (RuntimeException unreachable) {
            return Readiness.UNKNOWN;
        }
    }

    Deployment active(long userId, long dseq) {
        Deployment deployment =
                deployments.findByAccountIdInAndDseq(accountIds(userId), dseq).orElseThrow(() -> unknown(dseq));
        if (!deployment.isActive()) {
            throw new InvalidInputException("dseq", "Deployment " + dseq + " is closed; create a new one.");
        }
        return deployment;
    }

    private List<Long> accountIds(long userId) {
        return accounts.allAccountIdsOf(userId);
    }

    /** An account with active deployments stays: its leases would be left without keys to manage them. */
    @EventListener
    void refuseRetiringWithActiveDeployments(AccountRetiring retiring) {
        refuseWhileActive(
                "account",
                retiring.name(),
                deployments.countByAccountIdAndState(retiring.accountId(), Deployment.State.ACTIVE),
                "before retiring the account.");
    }

    /** A provider with active deployments stays: their leases would have nobody left to manage them. */
    @EventListener
    void refuseRemovingWithActiveDeployments(ProviderRemoving removing) {
        refuseWhileActive(
                "address",
                removing.name(),
                deployments.countByProviderAddressAndState(removing.address(), Deployment.State.ACTIVE),
                "(Admin → Deployments) before removing the provider.");
    }

    private static void refuseWhileActive(String field, String name, long active, String then) {
        if (active > 0) {
            throw new InvalidInputException(
                    field,
                    "'" + name + "' has " + active + " active "
                            + (active == 1 ? "deployment" : "deployments") + "; close "
                            + (active == 1 ? "it " : "them ")
                            + then);
        }
    }

    /** How many deployments a user has, and the active ones (administrators: a disabled user's leases to close). */
    @PreAuthorize("hasRole('ADMIN')")
    public UserDeployments deploymentsOf(long userId) {
        List<Long> ids = accountIds(userId);
        long all = deployments.countByAccountIdIn(ids);
        List<DeploymentSummary> active = deployments
                .search(ids, "", null, Deployment.State.ACTIVE, null, PageRequest.of(0, 200))
                .map(Deployment::summary)
                .getContent();
        return new UserDeployments(all, active);
    }

    /** The names of the registered providers by address, for showing names rather than addresses. */
    public Map<String, String> providerNames() {
        Map<String, String> names = new LinkedHashMap<>();
        providers.list().forEach(p -> names.put(p.address(), p.name()));
        return names;
    }

    private static InvalidInputException unknown(long dseq) {
        return new InvalidInputException("dseq", "You have no deployment " + dseq + ".");
    }

    private void closeQuietly(long accountId, LeaseRef lease) {
        try {
            client.closeLease(accountId, lease);
        } catch (RuntimeException ignored) {
            // The manifest failed; the lease may be gone already. The caller gets the original error.
        }
    }
}
