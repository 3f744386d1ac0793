package dev.pier.provider;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pier.provider.client.ProviderClient;
import java.time.Duration;
import java.util.List;
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
    // A listing must not wait on every provider each time: probes are remembered for a few seconds.
    private final Cache<String, ProviderClient.Probe> probes = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(15))
            .maximumSize(1000)
            .build();

    ProviderDirectory(ProviderService providers, ProviderClient client) {
        this.providers = providers;
        this.client = client;
    }

    public List<ProviderOverview> list() {
        return providers.list().stream()
                .map(p -> overview(p, probes.get(p.hostUri(), client::probe)))
                .toList();
    }

    /** Probes one provider now, bypassing the remembered result ("Test connection"). */
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
