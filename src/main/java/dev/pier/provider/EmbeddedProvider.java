package dev.pier.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.base.PierProperties;
import dev.pier.provider.client.ProviderClient;
import dev.pier.providerapp.ProviderApplication;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * With the provider role, starts the provider gateway as a separate application on its own port once the console
 * listens (the provider reads the console's key registry), then registers it like any other provider: by asking its
 * /status over HTTP.
 */
@Component
public class EmbeddedProvider implements ApplicationListener<WebServerInitializedEvent>, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedProvider.class);

    private final PierProperties pier;
    private final ProviderClient client;
    private final ProviderService providers;
    private ConfigurableApplicationContext gateway;
    private String url;

    EmbeddedProvider(PierProperties pier, ProviderClient client, ProviderService providers) {
        this.pier = pier;
        this.client = client;
        this.providers = providers;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null
                || !pier.runs(PierProperties.Role.PROVIDER)
                || gateway != null) {
            return;
        }
        String consoleUrl = "http://127.0.0.1:" + event.getWebServer().getPort();
        gateway = start(pier.providerPort(), consoleUrl);
        url = "http://127.0.0.1:"
                + ((WebServerApplicationContext) gateway).getWebServer().getPort();
        JsonNode status = client.status(url)
                .orElseThrow(() ->
                        new IllegalStateException("The embedded provider at " + url + " did not answer GET /status"));
        ProviderSummary registered = providers.register(status.get("address").asText(), pier.providerName(), url);
        log.info(
                "Embedded provider {} listens on {} (isolation: {})",
                registered.address(),
                url,
                status.path("isolation").asText());
    }

    /**
     * Stops the embedded provider and starts it again on the same port and data directory, as an operator's restart
     * would: its leases and their workloads come back, and log numbering carries on.
     */
    public synchronized void restart() {
        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        String consoleUrl = gateway.getEnvironment().getProperty("pier.provider.console-url");
        gateway.close();
        gateway = start(port, consoleUrl);
    }

    /** Loopback only: the embedded provider is this machine's own; a remote console reaches a standalone one. */
    private ConfigurableApplicationContext start(int port, String consoleUrl) {
        List<String> args = new ArrayList<>();
        pier.embeddedProvider().forEach((name, value) -> args.add("--pier.provider." + name + "=" + value));
        args.add("--server.port=" + port);
        args.add("--server.address=127.0.0.1");
        args.add("--pier.provider.console-url=" + consoleUrl);
        args.add(
                "--pier.provider.data-dir=" + pier.dataDir().resolve("provider").toAbsolutePath());
        return ProviderApplication.start(true, args.toArray(String[]::new));
    }

    /** Where the embedded provider listens, once started. */
    public String url() {
        return url;
    }

    @Override
    public void destroy() {
        if (gateway != null) {
            gateway.close();
        }
    }
}
