package dev.pier.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pier.account.AccountService;
import dev.pier.account.AccountSummary;
import dev.pier.base.InvalidInputException;
import dev.pier.manifest.ManifestParser;
import dev.pier.provider.ProviderService;
import dev.pier.provider.client.LeaseRef;
import dev.pier.provider.client.ManifestProgress;
import dev.pier.provider.client.ProviderClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deployments of a user's accounts. Provider calls run outside database transactions (they can take seconds), and a
 * deployment is recorded only once its provider accepted the manifest: a failed or refused deployment leaves no
 * trace but the error, and its lease is closed again.
 */
@Service
public class DeploymentService {

    /** Lease numbers start here, like block heights, so they never look like small counters. */

    private final DeploymentRepository deployments;
    private final ManifestVersionRepository versions;
    private final AccountService accounts;
    private final ProviderService providers;
    private final ProviderClient client;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final DseqAllocator dseqs;
    // The list shows services ready/total; a provider is asked at most every few seconds per lease.
    private final Cache<Long, String> readiness = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(5)).maximumSize(10_000).build();

    DeploymentService(DeploymentRepository deployments, ManifestVersionRepository versions, AccountService accounts,
                      ProviderService providers, ProviderClient client, Clock clock, TransactionTemplate transactions,
                      DseqAllocator dseqs) {
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
    public java.util.Map<Long, String> accountNames(long userId) {
        var names = new java.util.LinkedHashMap<Long, String>();
        accounts.accountsOf(userId).forEach(a -> names.put(a.id(), a.name()));
        return names;
    }

    public Slice<DeploymentSummary> list(long userId, String filter, Pageable page) {
        return list(userId, filter, null, page);
    }

    /**
     * The user's deployments, newest first: {@code filter} matches the name or the dseq; {@code active} true lists
     * only open ones, false only closed ones, null both.
     */
    public Slice<DeploymentSummary> list(long userId, String filter, Boolean active, Pageable page) {
        String text = filter == null ? "" : filter.trim();
        Long dseq = text.matches("\\d{1,18}") ? Long.valueOf(text) : null;
        Deployment.State state = active == null ? null : active ? Deployment.State.ACTIVE : Deployment.State.CLOSED;
        return deployments.search(accountIds(userId), text, dseq, state, page).map(Deployment::summary);
    }

    public Optional<DeploymentSummary> find(long userId, long dseq) {
        return deployments.findByAccountIdInAndDseq(accountIds(userId), dseq).map(Deployment::summary);
    }

    /**
     * Opens a lease on the provider, sends the manifest (reporting each step) and records the deployment.
     *
     * @throws dev.pier.manifest.InvalidManifestException a manifest with errors, each with line and column; nothing changed
     * @throws InvalidInputException                     a bad name, account or provider; nothing changed
     */
    public DeploymentSummary create(long userId, String username, long accountId, String provider, String name, String yaml,
                                    Consumer<ManifestProgress> progress) {
        String validName = name == null ? "" : name.trim();
        if (validName.isEmpty() || validName.length() > 64) {
            throw new InvalidInputException("name", "Give the deployment a name of 1 to 64 characters.");
        }
        AccountSummary account = accounts.find(userId, accountId)
                .orElseThrow(() -> new InvalidInputException("account", "You have no account with id " + accountId + "."));
        if (provider == null || providers.findByAddress(provider).isEmpty()) {
            throw new InvalidInputException("provider", "Choose a provider registered with this console (see Providers).");
        }
        ManifestParser.parse(yaml);
        long dseq = openFreshLease(account.id(), provider);
        LeaseRef lease = new LeaseRef(provider, dseq, 1, 1);
        try {
            client.sendManifest(account.id(), provider, dseq, yaml, progress);
        } catch (RuntimeException e) {
            closeQuietly(account.id(), lease);
            throw e;
        }
        return transactions.execute(status -> {
            Deployment saved = deployments.save(new Deployment(account.id(), dseq, provider, validName, clock.instant()));
            versions.save(new ManifestVersion(saved.getId(), 1, yaml, username, clock.instant()));
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
                client.openLease(accountId, new LeaseRef(provider, dseq, 1, 1));
                return dseq;
            } catch (dev.pier.provider.client.ProviderCallException e) {
                if (e.status() != 409 || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** Applies a new manifest (or an old version again); it becomes the next version once the provider applied it. */
    public ManifestVersionSummary updateManifest(long userId, String username, long dseq, String yaml, Consumer<ManifestProgress> progress) {
        Deployment deployment = active(userId, dseq);
        client.sendManifest(deployment.getAccountId(), deployment.getProviderAddress(), deployment.summary().leaseDseq(),
                yaml, progress);
        return transactions.execute(status -> {
            int next = versions.findByDeploymentIdOrderByVersionDesc(deployment.getId()).stream()
                    .findFirst().map(v -> v.summary().version() + 1).orElse(1);
            return versions.save(new ManifestVersion(deployment.getId(), next, yaml, username, clock.instant())).summary();
        });
    }

    /**
     * An administrator closes any deployment, a disabled user's included, through the administrator's own default
     * account (the provider accepts that from an administrator's key); it is marked closed like any other.
     */
    @org.springframework.security.access.prepost.PreAuthorize("hasRole('ADMIN')")
    public DeploymentSummary closeAsAdministrator(long administratorId, long dseq) {
        Deployment deployment = deployments.findByDseq(dseq).filter(Deployment::isActive)
                .orElseThrow(() -> new InvalidInputException("dseq", "There is no active deployment " + dseq + "."));
        String owner = accounts.addressOf(deployment.getAccountId());
        client.closeLeaseAsAdministrator(accounts.defaultAccountOf(administratorId).id(), deployment.summary().lease(), owner);
        return transactions.execute(status -> {
            Deployment reloaded = deployments.findById(deployment.getId()).orElseThrow();
            reloaded.close(clock.instant());
            return deployments.save(reloaded).summary();
        });
    }

    /** Closes the lease on the provider (every process stops there) and marks the deployment closed. */
    public DeploymentSummary close(long userId, long dseq) {
        Deployment deployment = active(userId, dseq);
        client.closeLease(deployment.getAccountId(), deployment.summary().lease());
        return transactions.execute(status -> {
            Deployment reloaded = deployments.findById(deployment.getId()).orElseThrow();
            reloaded.close(clock.instant());
            return deployments.save(reloaded).summary();
        });
    }

    public List<ManifestVersionSummary> versions(long userId, long dseq) {
        Deployment deployment = deployments.findByAccountIdInAndDseq(accountIds(userId), dseq).orElseThrow(() -> unknown(dseq));
        return versions.findByDeploymentIdOrderByVersionDesc(deployment.getId()).stream().map(ManifestVersion::summary).toList();
    }

    /** The lease's live status from its provider: per service total, ready, uris, forwarded ports, restarts. */
    public JsonNode status(DeploymentSummary deployment) {
        return client.leaseStatus(deployment.accountId(), deployment.lease());
    }

    /** Follows the lease's logs ({@code "logs"}) or events ({@code "events"}); the caller closes the stream. */
    public dev.pier.provider.client.LeaseStream<JsonNode> follow(DeploymentSummary deployment, String what,
                                                                 dev.pier.provider.client.LeaseStream.Request request,
                                                                 Consumer<JsonNode> onEntry,
                                                                 Consumer<dev.pier.provider.client.StreamStatus> onStatus) {
        LeaseRef lease = deployment.lease();
        return "events".equals(what)
                ? client.events(deployment.accountId(), lease, request, onEntry, onStatus)
                : client.logs(deployment.accountId(), lease, request, onEntry, onStatus);
    }

    /**
     * Writes the full log the provider keeps for the deployment as text lines ({@code ts service-replica stream
     * message}), as it is read, reporting the count every 1,000 lines and at the end; returns the lines written.
     * A log that ended early ends with a line saying why. Runs on the caller's thread (a request's), bounded: a slow
     * reader makes the stream wait rather than holding the whole log in memory.
     */
    public long writeLog(DeploymentSummary deployment, String service, java.io.OutputStream out,
                         java.util.function.LongConsumer progress) throws java.io.IOException {
        java.util.concurrent.BlockingQueue<Object> lines = new java.util.concurrent.LinkedBlockingQueue<>(10_000);
        Object end = new Object();
        var stream = follow(deployment, "logs", new dev.pier.provider.client.LeaseStream.Request(false, null, service),
                line -> put(lines, line.path("ts").asText() + " " + line.path("service").asText() + "-" + line.path("replica").asInt()
                        + " " + line.path("stream").asText() + " " + line.path("message").asText() + "\n"),
                status -> {
                    if (status.closed()) {
                        if (!status.reason().equals("The stream ended.") && !status.reason().equals("Closed.")) {
                            put(lines, "# the log ended early: " + status.reason() + "\n");
                        }
                        put(lines, end);
                    }
                });
        long written = 0;
        try {
            for (Object next; (next = lines.poll(60, java.util.concurrent.TimeUnit.SECONDS)) != null && next != end; ) {
                out.write(((String) next).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (++written % 1000 == 0) {
                    progress.accept(written);
                }
            }
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stream.close();
        }
        progress.accept(written);
        return written;
    }

    private static void put(java.util.concurrent.BlockingQueue<Object> queue, Object item) {
        try {
            // A download that stopped reading is given up on rather than waited for forever.
            queue.offer(item, 30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies a file from a replica (as its shell sees it) into {@code out}; see ProviderClient#downloadFile. */
    public long downloadFile(DeploymentSummary deployment, String service, int replica, String path, java.io.OutputStream out,
                             java.util.function.LongConsumer progress) throws java.io.IOException {
        if (path == null || path.isBlank()) {
            throw new InvalidInputException("path", "Enter the path of a file in the service, e.g. /etc/hostname or out/report.txt.");
        }
        return client.downloadFile(deployment.accountId(), deployment.lease(),
                service, replica, path.trim(), out, progress);
    }

    /** A terminal into a replica of the deployment; the same session id re-attaches to the same program. */
    public dev.pier.provider.client.RotatingShellSession shell(DeploymentSummary deployment, String service, int replica, String sessionId,
                                                               dev.pier.provider.client.RotatingShellSession.Listener listener,
                                                               Consumer<dev.pier.provider.client.StreamStatus> onStatus) {
        return client.shell(deployment.accountId(), deployment.lease(), service, replica,
                sessionId, null, listener, onStatus);
    }

    /** The manifest in force, as the provider has it. */
    public String manifestInForce(DeploymentSummary deployment) {
        return client.manifest(deployment.accountId(), deployment.lease());
    }

    /** The readiness when it needs no provider call (a closed deployment, or asked within the last few seconds). */
    public Optional<String> knownReadiness(DeploymentSummary deployment) {
        return deployment.active() ? Optional.ofNullable(readiness.getIfPresent(deployment.id())) : Optional.of("—");
    }

    /** "ready/total" over all services, from the provider (remembered a few seconds); "—" when it cannot be had. */
    public String readiness(DeploymentSummary deployment) {
        if (!deployment.active()) {
            return "—";
        }
        return readiness.get(deployment.id(), id -> {
            try {
                JsonNode services = client.leaseStatus(deployment.accountId(), deployment.lease())
                        .path("services");
                int ready = 0;
                int total = 0;
                for (JsonNode service : services) {
                    ready += service.path("ready").asInt();
                    total += service.path("total").asInt();
                }
                return ready + "/" + total;
            } catch (RuntimeException unreachable) {
                return "—";
            }
        });
    }

    private Deployment active(long userId, long dseq) {
        Deployment deployment = deployments.findByAccountIdInAndDseq(accountIds(userId), dseq).orElseThrow(() -> unknown(dseq));
        if (!deployment.isActive()) {
            throw new InvalidInputException("dseq", "Deployment " + dseq + " is closed; create a new one.");
        }
        return deployment;
    }

    private List<Long> accountIds(long userId) {
        return accounts.allAccountIdsOf(userId);
    }

    /** An account with active deployments stays: its leases would be left without keys to manage them. */
    @org.springframework.context.event.EventListener
    void refuseRetiringWithActiveDeployments(dev.pier.account.AccountRetiring retiring) {
        long active = deployments.countByAccountIdAndState(retiring.accountId(), Deployment.State.ACTIVE);
        if (active > 0) {
            throw new InvalidInputException("account", "'" + retiring.name() + "' has " + active + " active "
                    + (active == 1 ? "deployment" : "deployments") + "; close " + (active == 1 ? "it" : "them")
                    + " before retiring the account.");
        }
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
