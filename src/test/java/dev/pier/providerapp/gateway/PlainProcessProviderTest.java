package dev.pier.providerapp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.account.AccountService;
import dev.pier.account.AccountSummary;
import dev.pier.credentials.ProviderCredentials;
import dev.pier.provider.ProviderService;
import dev.pier.provider.ProviderSummary;
import dev.pier.providerapp.ProviderApplication;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A provider without containers runs plain host processes: it says so, only administrators may run workloads there, and
 * with require-isolation nobody may. An ordinary user's attempt is refused with what to install.
 */
class PlainProcessProviderTest extends GatewayTest {

    @LocalServerPort
    int consolePort;

    @Autowired
    ProviderService providers;

    @Autowired
    ProviderCredentials credentials;

    @Autowired
    AccountService accounts;

    @Autowired
    TestUsers users;

    @Autowired
    ObjectMapper json;

    @TempDir
    Path dataDir;

    ConfigurableApplicationContext start(String... extra) {
        var args = new ArrayList<>(List.of(
                "--server.port=0",
                "--pier.provider.console-url=http://127.0.0.1:" + consolePort,
                "--pier.provider.data-dir=" + dataDir,
                "--pier.provider.name=plain",
                "--pier.provider.runtime=process"));
        args.addAll(List.of(extra));
        return ProviderApplication.start(true, args.toArray(String[]::new));
    }

    HttpResponse<String> send(String url, String method, String path, String token, String body) throws Exception {
        return provider.http.send(
                HttpRequest.newBuilder(URI.create(url + path))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    String tokenAt(ProviderSummary registered, Role role) {
        AccountSummary account =
                accounts.defaultAccountOf(users.create("plain-" + role, role).id());
        return credentials.ensureToken(account.id(), registered.address()).value();
    }

    @Test
    void only_administrators_run_workloads_on_plain_processes() throws Exception {
        try (ConfigurableApplicationContext plain = start()) {
            String url = "http://127.0.0.1:"
                    + ((WebServerApplicationContext) plain).getWebServer().getPort();
            JsonNode status = json.readTree(provider.http
                    .send(
                            HttpRequest.newBuilder(URI.create(url + "/status")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            assertThat(status.get("isolation").asText()).isEqualTo("none");
            assertThat(status.at("/engine/name").asText()).isEqualTo("process");
            ProviderSummary registered =
                    providers.register(status.get("address").asText(), "Plain", url);

            HttpResponse<String> user = send(url, "POST", "/lease/71/1/1", tokenAt(registered, Role.USER), null);
            assertThat(user.statusCode()).isEqualTo(403);
            JsonNode refusal = json.readTree(user.body());
            assertThat(refusal.get("error").asText()).isEqualTo("isolationRequired");
            assertThat(refusal.get("message").asText())
                    .contains("only administrators")
                    .contains("apt-get install podman");

            String admin = tokenAt(registered, Role.ADMIN);
            assertThat(send(url, "POST", "/lease/72/1/1", admin, null).statusCode())
                    .isEqualTo(201);
            HttpResponse<String> applied = send(
                    url,
                    "PUT",
                    "/deployment/72/manifest",
                    admin,
                    "version: \"1\"\nservices:\n  app:\n    command: [\"sleep\", \"30\"]\n");
            assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        }
    }

    @Test
    void require_isolation_refuses_plain_processes_to_everyone() throws Exception {
        try (ConfigurableApplicationContext plain = start("--pier.provider.require-isolation=true")) {
            String url = "http://127.0.0.1:"
                    + ((WebServerApplicationContext) plain).getWebServer().getPort();
            JsonNode status = json.readTree(provider.http
                    .send(
                            HttpRequest.newBuilder(URI.create(url + "/status")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            ProviderSummary registered =
                    providers.register(status.get("address").asText(), "Strict", url);
            HttpResponse<String> admin = send(url, "POST", "/lease/73/1/1", tokenAt(registered, Role.ADMIN), null);
            assertThat(admin.statusCode()).isEqualTo(403);
            assertThat(admin.body()).contains("isolationRequired").contains("requires isolation");
        }
    }
}
