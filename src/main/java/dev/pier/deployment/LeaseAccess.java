package dev.pier.deployment;

import dev.pier.base.InvalidInputException;
import dev.pier.base.ShellSession;
import dev.pier.base.StreamStatus;
import dev.pier.base.StreamSubscription;
import dev.pier.provider.client.LeaseStream;
import dev.pier.provider.client.ProviderClient;
import dev.pier.shared.LeaseEvent;
import dev.pier.shared.LeaseStatus;
import dev.pier.shared.LogLine;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * What a deployment's tabs reach at its provider: live status, logs and events, shells and files, each through the one
 * provider client with the deployment's account and lease.
 */
@Service
public class LeaseAccess {

    /** Lines a followed log or event stream starts with. */
    static final int TAIL = 1000;

    private final ProviderClient client;
    private final LeaseStatuses statuses;
    private final SecretStore secrets;

    LeaseAccess(ProviderClient client, LeaseStatuses statuses, SecretStore secrets) {
        this.client = client;
        this.statuses = statuses;
        this.secrets = secrets;
    }

    /**
     * The lease's live status from its provider: per service total, ready, uris, forwarded ports, restarts. What it
     * says is kept in {@link LeaseStatuses} for the lists and headers.
     */
    public LeaseStatus status(DeploymentSummary deployment) {
        LeaseStatus status = client.leaseStatus(deployment.accountId(), deployment.lease());
        statuses.record(deployment.id(), status);
        return status;
    }

    /** Drops the status kept for the lease (its provider answered with an error for it). */
    void forgetStatus(DeploymentSummary deployment) {
        statuses.forget(deployment.id());
    }

    /** Follows the lease's log ({@code services}: a comma list, null for all); remove the subscription to end it. */
    public StreamSubscription followLogs(
            DeploymentSummary deployment,
            @Nullable String services,
            Consumer<LogLine> onLine,
            Consumer<StreamStatus> onStatus) {
        return client.logs(
                deployment.accountId(),
                deployment.lease(),
                new LeaseStream.Request(true, TAIL, services),
                secrets.hiding(deployment, onLine, SecretMask::line),
                onStatus);
    }

    /** Follows the lease's lifecycle events; remove the subscription to end it. */
    public StreamSubscription followEvents(
            DeploymentSummary deployment,
            @Nullable String services,
            Consumer<LeaseEvent> onEvent,
            Consumer<StreamStatus> onStatus) {
        return client.events(
                deployment.accountId(),
                deployment.lease(),
                new LeaseStream.Request(true, TAIL, services),
                secrets.hiding(deployment, onEvent, SecretMask::event),
                onStatus);
    }

    /** A terminal into a replica of the deployment; the same session id re-attaches to the same program. */
    public ShellSession shell(
            DeploymentSummary deployment,
            String service,
            int replica,
            String sessionId,
            ShellSession.Output output,
            Consumer<StreamStatus> onStatus) {
        return client.shell(
                deployment.accountId(), deployment.lease(), service, replica, sessionId, null, output, onStatus);
    }

    /** Copies a file from a replica (as its shell sees it) into {@code out}; see ProviderClient#downloadFile. */
    public long downloadFile(
            DeploymentSummary deployment,
            String service,
            int replica,
            String path,
            OutputStream out,
            LongConsumer progress)
            throws IOException {
        if (path == null || path.isBlank()) {
            throw new InvalidInputException(
                    "path", "Enter the path of a file in the service, e.g. /etc/hostname or out/report.txt.");
        }
        return client.downloadFile(
                deployment.accountId(), deployment.lease(), service, replica, path.trim(), out, progress);
    }
}
