package dev.pier.providerapp;

import dev.pier.providerapp.gateway.ProviderProperties;
import java.util.Arrays;
import java.util.stream.Stream;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.embedded.EmbeddedWebServerFactoryCustomizerAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.autoconfigure.websocket.servlet.WebSocketServletAutoConfiguration;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;

/**
 * The provider as its own application: only web, WebSocket and JSON, no database, no UI, no console beans. The console
 * starts it embedded on its own port; {@code pier.roles=provider} runs it alone.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({
    PropertyPlaceholderAutoConfiguration.class,
    ConfigurationPropertiesAutoConfiguration.class,
    ServletWebServerFactoryAutoConfiguration.class,
    EmbeddedWebServerFactoryCustomizerAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class,
    WebMvcAutoConfiguration.class,
    HttpMessageConvertersAutoConfiguration.class,
    JacksonAutoConfiguration.class,
    WebSocketServletAutoConfiguration.class
})
@ComponentScan("dev.pier.providerapp")
@EnableConfigurationProperties(ProviderProperties.class)
public class ProviderApplication {

    /** The entry point for build-time (AOT) processing of this application; Pier itself starts from PierApplication. */
    public static void main(String[] args) {
        start(false, args);
    }

    /**
     * Starts a provider. Settings come from provider.yml and {@code args} ({@code --server.port=…},
     * {@code --pier.provider.console-url=…}); the console's application.yml is not read.
     *
     * @param embedded true when started inside the console's JVM: the console owns logging and shutdown
     */
    public static ConfigurableApplicationContext start(boolean embedded, String... args) {
        SpringApplication application = new SpringApplication(ProviderApplication.class);
        // Not the console's main class found on the stack: with -Dspring.aot.enabled=true this names the initializer
        // generated for this application (ProviderApplication__ApplicationContextInitializer).
        application.setMainApplicationClass(ProviderApplication.class);
        application.setBannerMode(Banner.Mode.OFF);
        if (embedded) {
            application.setRegisterShutdownHook(false);
            // Logging was set up by the console; re-initialising it would reset the console's levels.
            application.setListeners(application.getListeners().stream()
                    .filter(l -> !(l instanceof LoggingApplicationListener))
                    .toList());
        }
        String[] all = Stream.concat(Stream.of("--spring.config.name=provider"), Arrays.stream(args))
                .toArray(String[]::new);
        return application.run(all);
    }
}
