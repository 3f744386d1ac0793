package dev.pier.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pier.account.AccountService;
import dev.pier.alert.AlertKind;
import dev.pier.alert.AlertSummary;
import dev.pier.alert.Alerts;
import dev.pier.provider.ProviderDirectory;
import dev.pier.provider.ProviderService;
import dev.pier.shared.CosmosAddress;
import dev.pier.shared.Secp256k1;
import dev.pier.test.MutableClock;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserSummary;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The lease warmer against providers over real HTTP (small servers that answer the status route as told), with the
 * application clock moved instead of waiting: one expired credential must never become an alert storm.
 */
@PierIntegrationTest
class LeaseWarmerTest {

    @Autowired
    LeaseWarmer warmer;

    @Autowired
    RecentOwners owners;

    @Autowired
    DeploymentRepository deployments;

    @Autowired
    DeploymentService deploymentService;

    @Autowired
    DseqAllocator dseqs;

    @Autowired
    AccountService accounts;

    @Autowired
    ProviderService providers;

    @Autowired
    Alerts alerts;

    @Autowired
    ProviderDirectory directory;

    @Autowired
    TestUsers testUsers;

    @Autowired
    MutableClock clock;

    private final List<FakeProvider> started = new ArrayList<>();

    @BeforeEach
    void freezeTime() {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    @AfterEach
    void stopProviders() {
        started.forEach(FakeProvider::stop);
    }

    @Test
    void a_provider_that_always_refuses_gets_two_requests_and_raises_one_alert_in_ten_minutes() throws Exception {
        FakeProvider provider = provider("refusing", request -> 401);
        Lease lease = leaseFor(testUsers.create("warm-401", Role.USER), provider);

        for (int pass = 0; pass < 20; pass++) {
            clock.advance(Duration.ofSeconds(30));
            pass();
        }

        assertThat(provider.requests.get())
                .as("the first token and the one forced refresh, then nothing")
                .isEqualTo(2);
        assertThat(provider.byToken.values())
                .allSatisfy(count -> assertThat(count.get()).isLessThanOrEqualTo(2));
        assertThat(provider.byToken).hasSize(2);
        assertThat(alertsFor(provider)).singleElement().satisfies(alert -> {
            assertThat(alert.count()).isEqualTo(1);
            assertThat(alert.kind()).isEqualTo(AlertKind.CREDENTIALS_REFUSED);
            assertThat(alert.message()).contains("refused").contains("rotate the account's key");
        });
        assertThat(warmer.isRefused(lease.accountId, provider.address)).isTrue();
        assertThat(deploymentService.knownReadiness(lease.summary).map(Readiness::ready))
                .isEmpty();
    }

    @Test
    void a_provider_that_refuses_once_then_accepts_costs_one_retry_and_no_alert() throws Exception {
        FakeProvider provider = provider("flaky", request -> request == 1 ? 401 : 200);
        Lease lease = leaseFor(testUsers.create("warm-once", Role.USER), provider);

        clock.advance(Duration.ofSeconds(30));
        pass();

        assertThat(provider.requests.get())
                .as("the refused request and one retry")
                .isEqualTo(2);
        assertThat(provider.byToken).as("the retry carried a new token").hasSize(2);
        assertThat(alertsFor(provider)).isEmpty();
        assertThat(warmer.isRefused(lease.accountId, provider.address)).isFalse();

        int before = provider.requests.get();
        assertThat(deploymentService.knownReadiness(lease.summary).map(Readiness::ready))
                .as("the list renders from what the warmer saw")
                .contains("1/2");
        assertThat(provider.requests.get()).as("without asking the provider").isEqualTo(before);

        clock.advance(Duration.ofSeconds(30));
        pass();
        assertThat(provider.requests.get())
                .as("the next pass reuses the good token")
                .isEqualTo(before + 1);
        assertThat(provider.byToken).hasSize(2);
    }

    @Test
    void a_key_rotation_lets_warming_resume() throws Exception {
        AtomicInteger accepting = new AtomicInteger();
        FakeProvider provider = provider("rotating", request -> accepting.get() == 1 ? 200 : 401);
        UserSummary user = testUsers.create("warm-rotate", Role.USER);
        Lease lease = leaseFor(user, provider);

        clock.advance(Duration.ofSeconds(30));
        pass();
        assertThat(warmer.isRefused(lease.accountId, provider.address)).isTrue();
        clock.advance(Duration.ofSeconds(30));
        pass();
        assertThat(provider.requests.get()).isEqualTo(2);

        accepting.set(1);
        accounts.rotateKey(user.id(), lease.accountId);
        assertThat(warmer.isRefused(lease.accountId, provider.address)).isFalse();
        clock.advance(Duration.ofSeconds(30));
        pass();

        assertThat(provider.requests.get()).isEqualTo(3);
        assertThat(deploymentService.knownReadiness(lease.summary).map(Readiness::ready))
                .contains("1/2");
        assertThat(alertsFor(provider))
                .singleElement()
                .satisfies(alert -> assertThat(alert.count()).isEqualTo(1));
    }

    @Test
    void the_owner_opening_the_deployment_gives_a_refused_pair_one_more_try() throws Exception {
        AtomicInteger accepting = new AtomicInteger();
        FakeProvider provider = provider("mended", request -> accepting.get() == 1 ? 200 : 401);
        UserSummary user = testUsers.create("warm-acting", Role.USER);
        Lease lease = leaseFor(user, provider);
        clock.advance(Duration.ofSeconds(30));
        pass();
        assertThat(warmer.isRefused(lease.accountId, provider.address)).isTrue();

        accepting.set(1);
        assertThat(deploymentService.find(user.id(), lease.summary.dseq())).isPresent();
        assertThat(warmer.isRefused(lease.accountId, provider.address)).isFalse();
        clock.advance(Duration.ofSeconds(30));
        pass();
        assertThat(deploymentService.knownReadiness(lease.summary).map(Readiness::ready))
                .contains("1/2");
    }

    @Test
    void nineteen_users_on_one_failing_provider_raise_one_alert_each() throws Exception {
        FakeProvider provider = provider("failing", request -> 401);
        for (int i = 0; i < 19; i++) {
            leaseFor(testUsers.create("warm-many", Role.USER), provider);
        }

        for (int pass = 0; pass < 10; pass++) {
            clock.advance(Duration.ofSeconds(30));
            pass();
        }

        List<AlertSummary> raised = alertsFor(provider);
        assertThat(raised).hasSize(19);
        assertThat(raised).allSatisfy(alert -> assertThat(alert.count()).isEqualTo(1));
        assertThat(provider.requests.get()).isEqualTo(19 * 2);
    }

    @Test
    void a_provider_that_does_not_answer_delays_only_its_own_leases() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakeProvider stalled = provider("stalled", request -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 200;
        });
        FakeProvider healthy = provider("healthy", request -> 200);
        UserSummary user = testUsers.create("warm-slow", Role.USER);
        Lease slow = leaseFor(user, stalled);
        Lease quick = leaseFor(user, healthy);

        clock.advance(Duration.ofSeconds(30));
        var pass = warmer.warmOnce();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (deploymentService.knownReadiness(quick.summary).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(deploymentService.knownReadiness(quick.summary).map(Readiness::ready))
                    .as("the healthy provider's lease is warm while the other still hangs")
                    .contains("1/2");
            assertThat(pass).isNotDone();
            assertThat(deploymentService.knownReadiness(slow.summary).map(Readiness::ready))
                    .isEmpty();

            clock.advance(Duration.ofSeconds(30));
            warmer.warmOnce();
            assertThat(stalled.requests.get())
                    .as("a pass never doubles the task of a provider still being asked")
                    .isEqualTo(1);
        } finally {
            release.countDown();
        }
        pass.get(30, TimeUnit.SECONDS);
        assertThat(deploymentService.knownReadiness(slow.summary).map(Readiness::ready))
                .contains("1/2");
    }

    @Test
    void owners_who_were_not_seen_lately_are_not_warmed() throws Exception {
        FakeProvider provider = provider("idle", request -> 200);
        Lease lease = leaseFor(testUsers.create("warm-idle", Role.USER), provider);

        clock.advance(Duration.ofHours(2));
        pass();

        assertThat(provider.requests.get()).isZero();
        assertThat(deploymentService.knownReadiness(lease.summary).map(Readiness::ready))
                .isEmpty();
    }

    @Test
    void each_pass_probes_every_provider_so_the_provider_list_needs_no_request() throws Exception {
        FakeProvider provider = provider("probed", request -> 200);
        Lease lease = leaseFor(testUsers.create("warm-probe", Role.USER), provider);

        clock.advance(Duration.ofSeconds(30));
        pass();
        int probes = provider.probes.get();
        assertThat(probes).isGreaterThanOrEqualTo(1);
        assertThat(directory.list())
                .filteredOn(o -> o.provider().address().equals(provider.address))
                .singleElement()
                .satisfies(o -> assertThat(o.online()).isTrue());
        assertThat(provider.probes.get()).as("the list read what the pass saw").isEqualTo(probes);

        provider.stop();
        clock.advance(Duration.ofSeconds(30));
        pass();
        assertThat(directory.list())
                .filteredOn(o -> o.provider().address().equals(provider.address))
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.online()).isFalse();
                    assertThat(o.problem()).contains("unreachable");
                });
        assertThat(provider.requests.get())
                .as("a provider that does not answer its probe is not asked for lease status")
                .isEqualTo(1);
        assertThat(deploymentService.knownReadiness(lease.summary).map(Readiness::ready))
                .as("the last status seen stays shown for a while")
                .contains("1/2");
    }

    private void pass() throws Exception {
        warmer.warmOnce().get(30, TimeUnit.SECONDS);
    }

    private List<AlertSummary> alertsFor(FakeProvider provider) {
        return testUsers.asAdmin(() -> alerts.list()).stream()
                .filter(a -> provider.address.equals(a.provider()))
                .toList();
    }

    record Lease(long accountId, DeploymentSummary summary) {}

    private Lease leaseFor(UserSummary user, FakeProvider provider) {
        long accountId = accounts.defaultAccountOf(user.id()).id();
        Deployment saved =
                deployments.save(new Deployment(accountId, dseqs.next(), provider.address, "warm", clock.instant()));
        owners.seen(user.id());
        return new Lease(accountId, saved.summary());
    }

    private FakeProvider provider(String name, IntPredicateStatus answer) throws IOException {
        FakeProvider provider = new FakeProvider(answer);
        providers.register(provider.address, name + "-" + provider.address.substring(7, 13), provider.host());
        started.add(provider);
        return provider;
    }

    /** The status to answer the n-th lease status request with (counting from 1). */
    interface IntPredicateStatus {
        int answer(int request);
    }

    /** A provider's status route over real HTTP, counting requests per token. */
    static final class FakeProvider {

        final String address = CosmosAddress.fromPublicKey(Secp256k1.compressedPublicKey(Secp256k1.generate()), "akash")
                .value();
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger probes = new AtomicInteger();
        final Map<String, AtomicInteger> byToken = new ConcurrentHashMap<>();
        private final HttpServer server;

        FakeProvider(IntPredicateStatus answer) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/status", exchange -> {
                probes.incrementAndGet();
                reply(exchange, 200, "{\"address\":\"" + address + "\",\"name\":\"fake\"}");
            });
            server.createContext("/lease/", exchange -> {
                String token = exchange.getRequestHeaders().getFirst("Authorization");
                byToken.computeIfAbsent(String.valueOf(token), t -> new AtomicInteger())
                        .incrementAndGet();
                int status = answer.answer(requests.incrementAndGet());
                if (status == 200) {
                    reply(exchange, 200, """
                            {"services":{"web":{"name":"web","total":2,"ready":1,"uris":[],"forwarded_ports":[],\
                            "restarts":0}}}""");
                } else {
                    reply(exchange, status, "{\"error\":\"tokenInvalid\",\"message\":\"unknown key\"}");
                }
            });
            server.start();
        }

        String host() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private boolean stopped;

        synchronized void stop() {
            if (!stopped) {
                stopped = true;
                server.stop(0);
            }
        }

        private static void reply(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }
    }
}
