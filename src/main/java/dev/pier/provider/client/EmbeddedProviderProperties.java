package dev.pier.provider.client;


import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which roles this process has and where the embedded provider listens.
 *
 * @param roles        {@code console}, {@code provider}, or both (the default: one process gives a working system)
 * @param providerPort port of the embedded provider gateway (0: any free port)
 * @param providerName the name the embedded provider is registered under
 */
@ConfigurationProperties("pier")
public record EmbeddedProviderProperties(
        @DefaultValue({"console", "provider"}) Set<String> roles,
        @DefaultValue("8081") int providerPort,
        @DefaultValue("Local provider") String providerName) {
}
