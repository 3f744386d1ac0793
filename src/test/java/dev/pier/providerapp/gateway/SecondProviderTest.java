package dev.pier.providerapp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.account.AccountSummary;
import dev.pier.credentials.ProviderCredentials;
import dev.pier.provider.ProviderService;
import dev.pier.provider.ProviderSummary;
import dev.pier.providerapp.ProviderApplication;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A second provider on another port is configuration only: start it, register it, and tokens work there too. */
class SecondProviderTest extends GatewayTest {

    @LocalServerPort
    int consolePort;

    @Autowired
    ProviderService providers;

    @Autowired
    ProviderCredentials credentials;

    @Autowired
    ObjectMapper json;

    @TempDir
    Path dataDir;

    @Test
    void a_second_provider_needs_only_configuration() throws Exception {
        try (ConfigurableApplicationContext second = ProviderApplication.start(
                true,
                "--server.port=0",
                "--pier.provider.console-url=http://127.0.0.1:" + consolePort,
                "--pier.provider.data-dir=" + dataDir,
                "--pier.provider.name=second")) {
            String url = "http://127.0.0.1:"
                    + ((WebServerApplicationContext) second).getWebServer().getPort();
            JsonNode status =
                    json.readTree(provider.send("GET", "/status", null, null).body());
            HttpResponse<String> secondStatus = provider.http.send(
                    HttpRequest.newBuilder(URI.create(url + "/status")).build(), HttpResponse.BodyHandlers.ofString());
            String address = json.readTree(secondStatus.body()).get("address").asText();
            assertThat(address).isNotEqualTo(status.get("address").asText());
            assertThat(dataDir.resolve("identity.key")).exists();

            ProviderSummary registered = providers.register(address, "Second provider", url);
            AccountSummary account = provider.newAccount("second");
            String token =
                    credentials.ensureToken(account.id(), registered.address()).value();
            HttpResponse<String> opened = provider.http.send(
                    HttpRequest.newBuilder(URI.create(url + "/lease/1/1/1"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);

            // Tokens are provider-bound: the second provider's token is refused by the first.
            HttpResponse<String> elsewhere = provider.send("POST", "/lease/1/1/1", token, null);
            assertThat(elsewhere.statusCode()).isEqualTo(403);
        }
    }
}
