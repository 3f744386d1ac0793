package dev.pier;

import dev.pier.base.PierProperties;
import dev.pier.providerapp.ProviderApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The console. With the default roles ({@code console,provider}) it also starts an embedded provider gateway on its own
 * port; {@code --pier.roles=provider} (or {@code PIER_ROLES=provider}) runs only a provider.
 */
@SpringBootApplication
@ComponentScan(
        excludeFilters = {
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
            // The provider gateway is a separate application with its own context; the console reaches it over HTTP
            // only.
            @ComponentScan.Filter(type = FilterType.REGEX, pattern = "dev\\.pier\\.providerapp\\..*")
        })
@ConfigurationPropertiesScan
public class PierApplication {

    public static void main(String[] args) {
        if (PierProperties.of(args).runs(PierProperties.Role.CONSOLE)) {
            SpringApplication.run(PierApplication.class, args);
        } else {
            ProviderApplication.start(false, args);
        }
    }
}
