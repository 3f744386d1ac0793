package dev.pier.provider;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pier.base.InvalidInputException;
import dev.pier.base.WarmerProperties;
import dev.pier.provider.client.ProviderClient;
import dev.pier.shared.CosmosAddress;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/** The registered providers with what their /status says now: reachable or not, and how they isolate workloads. */
@Service
public class ProviderDirectory {

    /**
     * A provider and its last probe; {@code problem} says why it is offline, with the next step; {@code engine} what
     * runs its workloads (e.g. "podman 4.3.1", or "plain processes"), blank when unknown.
     */
    public record ProviderOverview(
            ProviderSummary provider, boolean online, String isolation, String problem, String engine) {

        public ProviderOverview(ProviderSummary provider, boolean online, String isolation, String problem) {
            this(provider, online, isolation, problem, "");
        }
    }

    private final ProviderService providers;
    private final ProviderClient client;
    // A listing must not wait on every provider: the lease warmer probes each one every pass, and a probe is kept for
    // a few passes (or 15 s when the warmer is off).
    private final Cache<String, ProviderClient.Probe> probes;

    ProviderDirectory(ProviderService providers, ProviderClient client, WarmerProperties warmer) {
        this.providers = providers;
        this.client = client;
        this.probes = Caffeine.newBuilder()
                .expireAfterWrite(warmer.enabled() ? warmer.interval().multipliedBy(3) : Duration.ofSeconds(15))
                .maximumSize(1000)
                .build();
    }

    public List<ProviderOverview> list() {
        return providers.list().stream()
                .map(p -> overview(p, probes.get(p.hostUri(), client::probe)))
                .toList();
    }

    /**
     * Registers the provider that answers at {@code hostUri}: its {@code /status} gives its address and, unless
     * {@code name} is given, its name. Refused, naming the field and what to do, when the host cannot be read or is
     * registered already.
     */
    @PreAuthorize("hasRole('ADMIN')")
    public ProviderOverview add(String hostUri, @Nullable String name) {
        String host = ProviderService.normalizeHost(hostUri);
        ProviderClient.Probe probe = client.probe(host);
        if (probe.status() == null) {
            String why =
                    probe.error() == null ? "it did not answer" : probe.error().text();
            throw new InvalidInputException("hostUri", "Pier could not read " + host + "/status: " + why);
        }
        String address = probe.status().path("address").asText("");
        if (!CosmosAddress.isValid(address)) {
            throw new InvalidInputException(
                    "hostUri",
                    host + "/status names no provider address; is this a Pier or "
                            + "Akash provider? Check the URL (scheme, host and port of its gateway).");
        }
        providers.findByAddress(address).ifPresent(existing -> {
            throw new InvalidInputException(
                    "hostUri",
                    "That provider is registered already as '" + existing.name() + "' at " + existing.hostUri()
                            + "; rename it or change its host instead.");
        });
        String chosen = name == null || name.isBlank()
                ? probe.status().path("name").asText(address.substring(0, Math.min(20, address.length())))
                : name;
        ProviderSummary registered = providers.add(address, chosen, host);
        probes.put(host, probe);
        return overview(registered, probe);
    }

    /** Renames a provider (and moves it when {@code hostUri} is given); administrators only. */
    public ProviderOverview rename(String address, String name, @Nullable String hostUri) {
        return test(providers.rename(address, name, hostUri));
    }

    /** Removes a provider that has no active deployments; administrators only. */
    public ProviderSummary remove(String address) {
        ProviderSummary removed = providers.remove(address);
        probes.invalidate(removed.hostUri());
        return removed;
    }

    /** Probes one provider now, bypassing the remembered result ("Test connection", and the lease warmer's passes). */
    public ProviderOverview test(ProviderSummary provider) {
        ProviderClient.Probe probe = client.probe(provider.hostUri());
        probes.put(provider.hostUri(), probe);
        return overview(provider, probe);
    }

    private static ProviderOverview overview(ProviderSummary provider, ProviderClient.Probe probe) {
        if (probe.status() == null) {
            return new ProviderOverview(
                    provider, false, "unknown", probe.error().text());
        }
        var status = probe.status();
        String engine = status.at("/engine/name").asText("");
        String described = engine.equals("process")
                ? "plain processes"
                : (engine + " " + status.at("/engine/version").asText("")).strip();
        return new ProviderOverview(provider, true, status.path("isolation").asText("unknown"), null, described);
    }
}
