package dev.pier;

import dev.pier.providerapp.ProviderApplication;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The console. With the default roles ({@code console,provider}) it also starts an embedded provider gateway on its
 * own port; {@code --pier.roles=provider} (or {@code PIER_ROLES=provider}) runs only a provider.
 */
@SpringBootApplication
@ComponentScan(excludeFilters = {
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
        // The provider gateway is a separate application with its own context; the console reaches it over HTTP only.
        @ComponentScan.Filter(type = FilterType.REGEX, pattern = "dev\\.pier\\.providerapp\\..*")})
@ConfigurationPropertiesScan
public class PierApplication {

    public static void main(String[] args) {
        if (roles(args).contains("console")) {
            SpringApplication.run(PierApplication.class, args);
        } else {
            ProviderApplication.start(false, args);
        }
    }

    /** {@code pier.roles} from the command line or PIER_ROLES, read before Spring starts because it decides which app starts. */
    static Set<String> roles(String[] args) {
        String value = Arrays.stream(args).filter(a -> a.startsWith("--pier.roles=")).map(a -> a.substring("--pier.roles=".length()))
                .findFirst().orElseGet(() -> System.getenv().getOrDefault("PIER_ROLES", "console,provider"));
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
