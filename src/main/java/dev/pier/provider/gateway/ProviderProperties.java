package dev.pier.provider.gateway;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Provider gateway settings (read from provider.yml and the command line).
 *
 * @param consoleUrl          where the console's key registry (/.well-known/jwks.json) is
 * @param dataDir             the provider's own data directory (identity, leases, work directories, logs)
 * @param address             the provider's identity; blank: generated once and kept in the data directory
 * @param name                a display name reported by /status
 * @param shellGrace          how long a disconnected shell keeps running, waiting for a re-attach
 * @param keepAlive           ping interval on every WebSocket
 * @param keepAliveTimeout    a peer that answered no ping for this long is disconnected
 * @param keyRefetchInterval  the key registry is fetched again on an unknown kid at most this often
 * @param requireIsolation    refuse to run workloads without bubblewrap
 */
@ConfigurationProperties("pier.provider")
public record ProviderProperties(
        @DefaultValue("http://localhost:8080") String consoleUrl,
        @DefaultValue("./data/provider") Path dataDir,
        String address,
        @DefaultValue("local") String name,
        @DefaultValue("60s") Duration shellGrace,
        @DefaultValue("15s") Duration keepAlive,
        @DefaultValue("30s") Duration keepAliveTimeout,
        @DefaultValue("250ms") Duration keyRefetchInterval,
        @DefaultValue("false") boolean requireIsolation) {
}
