package dev.pier.base;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Installation-wide settings.
 *
 * @param dataDir where the H2 database, the master key file and provider work directories live (its default is in
 *     application.yml, whose datasource URL uses it)
 * @param roles what this process runs: the console, a provider, or both (the default: one process gives a working
 *     system)
 * @param providerPort port of the embedded provider (0: any free port)
 * @param providerName the name the embedded provider is registered under
 * @param embeddedProvider settings of the embedded provider, named as in provider.yml without {@code pier.provider.}
 *     (e.g. {@code runtime: kubernetes}); they take precedence over provider.yml
 */
@ConfigurationProperties("pier")
public record PierProperties(
        @Nullable Path dataDir,
        @DefaultValue({"console", "provider"}) Set<Role> roles,
        @DefaultValue("8081") int providerPort,
        @DefaultValue("Local provider") String providerName,
        Map<String, String> embeddedProvider) {

    public PierProperties {
        embeddedProvider = embeddedProvider == null ? Map.of() : Map.copyOf(embeddedProvider);
    }

    public enum Role {
        CONSOLE,
        PROVIDER
    }

    public boolean runs(Role role) {
        return roles.contains(role);
    }

    /**
     * The settings from the command line, system properties and the environment ({@code PIER_ROLES=provider}), read
     * before Spring starts because the roles decide which application starts.
     */
    public static PierProperties of(String... args) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        return Binder.get(environment).bindOrCreate("pier", PierProperties.class);
    }
}
