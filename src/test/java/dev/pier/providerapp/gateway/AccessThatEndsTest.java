package dev.pier.providerapp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.pier.account.AccountService;
import dev.pier.account.AccountSummary;
import dev.pier.base.InvalidInputException;
import dev.pier.providerapp.ProviderApplication;
import dev.pier.shared.ProviderTokenClaims;
import dev.pier.test.ProviderTestSupport;
import dev.pier.test.TestUsers;
import dev.pier.user.UserService;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Tokens stop when the console withdraws their key, live no longer than allowed, and junk cannot stall the provider.
 */
class AccessThatEndsTest extends GatewayTest {

    @Autowired
    UserService users;

    @Autowired
    TestUsers testUsers;

    @Autowired
    AccountService accounts;

    @LocalServerPort
    int consolePort;

    @TempDir
    Path dataDir;

    @Test
    void a_disabled_users_token_is_refused_and_their_open_streams_end() throws Exception {
        var user = testUsers.create("disabled", ProviderTestSupport.workloadRole());
        AccountSummary account = accounts.defaultAccountOf(user.id());
        String token = provider.token(account);
        String lease = provider.deploy(token, 130, """
                version: "1"
                services:
                  ticker:
                    command: ["sh", "-c", "while true; do echo tick; sleep 0.2; done"]
                """);
        var logs = new ProviderTestSupport.Recorder();
        provider.connect(lease + "/logs?follow=true", token, logs);
        assertThat(logs.nextText(20)).contains("tick");
        var shell = new ProviderTestSupport.Recorder();
        provider.connect(lease + "/shell?service=ticker&cmd0=sh&cmd1=-c&cmd2=sleep%20300", token, shell);
        Thread.sleep(500);
        assertThat(shell.closed).isNotDone();

        testUsers.asAdmin(() -> users.setEnabled(user.id(), false));

        // Within the provider's key refresh interval (1 s in tests, 5 s by default), whatever the token's exp.
        assertThat(logs.closed.get(20, TimeUnit.SECONDS)).isEqualTo(1008);
        assertThat(logs.texts).contains(StreamGuard.WITHDRAWN_FRAME);
        assertThat(shell.closed.get(20, TimeUnit.SECONDS)).isEqualTo(1008);
        HttpResponse<String> after = provider.send("GET", lease + "/status", token, null);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(provider.json(after).get("error").asText()).isEqualTo("tokenInvalid");
    }

    @Test
    void a_retired_accounts_token_is_refused_within_seconds_and_an_active_deployment_keeps_it() throws Exception {
        var user = testUsers.create("retiring", ProviderTestSupport.workloadRole());
        accounts.defaultAccountOf(user.id());
        AccountSummary second = accounts.create(user.id(), "to-retire");
        String token = provider.token(second);
        ProviderTestSupport.expect(provider.send("POST", "/lease/132/1/1", token, null), 201);

        accounts.retire(user.id(), second.id());

        HttpResponse<String> refused = null;
        for (int i = 0; i < 100; i++) {
            refused = provider.send("GET", "/lease/132/1/1/status", token, null);
            if (refused.statusCode() == 401) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(accounts.accountsOf(user.id()))
                .extracting(AccountSummary::name)
                .containsExactly("default");
        assertThat(accounts.publishedKeys()).noneMatch(k -> k.address().equals(second.address()));
        // The default account cannot be retired.
        Assertions.assertThatThrownBy(() -> accounts.retire(
                        user.id(), accounts.defaultAccountOf(user.id()).id()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("default");
    }

    @Test
    void a_token_that_lives_longer_than_allowed_is_refused_whoever_signed_it() throws Exception {
        AccountSummary account = provider.newAccount("lifetime");
        Instant now = Instant.now();
        String forever = provider.token(
                account,
                b -> b.issueTime(Date.from(now.minusSeconds(60)))
                        .expirationTime(Date.from(Instant.parse("2500-01-01T00:00:00Z"))));
        HttpResponse<String> refused = provider.send("POST", "/lease/131/1/1", forever, null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("lives longer");
        String twoHours = provider.token(
                account,
                b -> b.issueTime(Date.from(now.minusSeconds(60)))
                        .expirationTime(Date.from(now.plus(Duration.ofHours(2)))));
        assertThat(provider.send("POST", "/lease/131/1/1", twoHours, null).statusCode())
                .isEqualTo(401);
        assertThat(provider.send("POST", "/lease/131/1/1", provider.token(account), null)
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void a_flood_of_unknown_kids_costs_few_registry_reads_and_delays_no_valid_request() throws Exception {
        try (ConfigurableApplicationContext own = ProviderApplication.start(
                true,
                "--server.port=0",
                "--pier.provider.console-url=http://127.0.0.1:" + consolePort,
                "--pier.provider.data-dir=" + dataDir,
                "--pier.provider.name=flooded",
                "--pier.provider.key-refresh-interval=1h")) {
            String url = "http://127.0.0.1:"
                    + ((WebServerApplicationContext) own).getWebServer().getPort();
            KeyRegistryClient registry = own.getBean(KeyRegistryClient.class);
            String address = own.getBean(ProviderIdentity.class).address();
            AccountSummary account = provider.newAccount("flood");
            String valid = provider.token(
                    account,
                    b -> new JWTClaimsSet.Builder(ProviderTokenClaims.build(
                            account.address(), address, Instant.now(), Duration.ofMinutes(10))));
            // The valid key is known before the flood.
            assertThat(send(url, "/lease/140/1/1", valid).statusCode()).isEqualTo(201);
            long readsBefore = registry.reads();

            var pool = Executors.newFixedThreadPool(32);
            var start = new CountDownLatch(1);
            List<Future<Integer>> junk = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                String token = junkToken("junk-kid-" + i);
                junk.add(pool.submit(() -> {
                    start.await();
                    return send(url, "/lease/141/1/1", token).statusCode();
                }));
            }
            start.countDown();
            // A known key never waits on the registry: its request is answered while the junk is refused.
            HttpResponse<String> served = send(url, "/lease/140/1/1/status", valid);
            assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
            for (Future<Integer> f : junk) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(401);
            }
            pool.shutdownNow();
            assertThat(registry.waiting()).isZero();
            // One read per refetch interval at most while the flood lasted, not one per junk token.
            assertThat(registry.reads() - readsBefore).isLessThan(20);
        }
    }

    private HttpResponse<String> send(String url, String path, String token) throws Exception {
        String method = path.endsWith("/status") ? "GET" : "POST";
        return provider.http.send(
                HttpRequest.newBuilder(URI.create(url + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A syntactically fine ES256K token naming a kid no registry knows (its signature is never looked at). */
    private static String junkToken(String kid) {
        String header = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("{\"alg\":\"ES256K\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}").getBytes());
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"iss\":\"x\"}".getBytes());
        String signature = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);
        return header + "." + payload + "." + signature;
    }
}
