package dev.pier.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pier.PierApplication;
import dev.pier.account.AccountService;
import dev.pier.auth.AuthSessionService;
import dev.pier.auth.BrowsersToSignOut;
import dev.pier.auth.SessionKind;
import dev.pier.base.terminal.TerminalChannel;
import dev.pier.base.terminal.TerminalChannels;
import dev.pier.credentials.ProviderCredentials;
import dev.pier.credentials.ProviderToken;
import dev.pier.provider.ProviderService;
import dev.pier.test.MutableClock;
import dev.pier.test.TestClockConfiguration;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserService;
import dev.pier.user.UserSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Two console instances on one PostgreSQL, as behind a load balancer: one token generation across both, one warmer pass
 * per interval across both, and a sign-out on one reaching the other. `.ci/run` starts the PostgreSQL and sets
 * PIER_TEST_POSTGRES_URL; elsewhere the test is skipped with a message.
 */
class ConsoleClusterTest {

    private static final String SCHEMA = "pier_cluster_test";

    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;
    /**
     * Each context installs its own security-context strategy in the static holder; the one in place before is put
     * back, or the tests sharing the main context afterwards would set an authentication their method security never
     * reads.
     */
    static SecurityContextHolderStrategy before;

    @BeforeAll
    static void startTwoConsoles() throws Exception {
        String url = System.getenv("PIER_TEST_POSTGRES_URL");
        assumeTrue(
                url != null && !url.isBlank(),
                "Skipped: set PIER_TEST_POSTGRES_URL (e.g. jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres) "
                        + "to run two consoles on one PostgreSQL; .ci/run does (package postgresql).");
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            c.createStatement().execute("CREATE SCHEMA " + SCHEMA);
        }
        before = SecurityContextHolder.getContextHolderStrategy();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String masterKey = Base64.getEncoder().encodeToString(key);
        String database = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
        // The first runs the embedded provider too; the second is a console only, as a second replica would be.
        first = start(database, masterKey, "console,provider");
        second = start(database, masterKey, "console");
    }

    private static ConfigurableApplicationContext start(String database, String masterKey, String roles)
            throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "cluster-");
        return new SpringApplicationBuilder(PierApplication.class, TestClockConfiguration.class)
                .profiles("test")
                // As arguments: they win over application.yml, as an operator's would.
                .run(
                        "--spring.datasource.url=" + database,
                        "--server.port=0",
                        "--pier.data-dir=" + data.toAbsolutePath(),
                        "--pier.roles=" + roles,
                        "--pier.accounts.master-key=" + masterKey,
                        "--pier.warmer.enabled=false");
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {second, first}) {
            if (context != null) {
                context.close();
            }
        }
        if (before != null) {
            SecurityContextHolder.setContextHolderStrategy(before);
        }
    }

    private static double generated(ConfigurableApplicationContext context) {
        var counter = context.getBean(MeterRegistry.class)
                .find("pier.credentials.tokens.generated")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void two_hundred_concurrent_token_requests_across_both_consoles_generate_one_token() throws Exception {
        // Made through the console started last: each context installs its own security-context strategy, and the
        // static holder TestUsers sets is the last one's.
        TestUsers users = new TestUsers(second.getBean(UserService.class));
        long userId = users.create("cluster", Role.USER).id();
        long accountId =
                first.getBean(AccountService.class).defaultAccountOf(userId).id();
        String provider = first.getBean(ProviderService.class).list().stream()
                .filter(p -> p.name().equals("Local provider"))
                .findFirst()
                .orElseThrow()
                .address();
        double before = generated(first) + generated(second);

        ExecutorService callers = Executors.newFixedThreadPool(32);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ProviderToken>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                ProviderCredentials credentials = (i % 2 == 0 ? first : second).getBean(ProviderCredentials.class);
                Callable<ProviderToken> call = () -> {
                    go.await();
                    return credentials.ensureToken(accountId, provider);
                };
                calls.add(callers.submit(call));
            }
            go.countDown();
            Set<String> values = ConcurrentHashMap.newKeySet();
            for (Future<ProviderToken> call : calls) {
                values.add(call.get().value());
            }
            assertThat(values).as("tokens handed out").hasSize(1);
        } finally {
            callers.shutdownNow();
        }
        assertThat(generated(first) + generated(second) - before)
                .as("generations across both")
                .isEqualTo(1);
    }

    @Test
    void a_periodic_job_runs_once_per_interval_across_both_consoles() throws Exception {
        MutableClock firstClock = first.getBean(MutableClock.class);
        MutableClock secondClock = second.getBean(MutableClock.class);
        ClusterLocks firstLocks = first.getBean(ClusterLocks.class);
        ClusterLocks secondLocks = second.getBean(ClusterLocks.class);
        Duration interval = Duration.ofSeconds(30);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(1));
        ExecutorService both = Executors.newFixedThreadPool(2);
        int ran = 0;
        try {
            for (int step = 0; step < 10; step++) {
                // Both instances' timers fire within the same interval, as two replicas' would.
                Instant now = start.plus(interval.multipliedBy(step));
                firstClock.set(now);
                secondClock.set(now.plusSeconds(3));
                String job = "test-job";
                Future<Boolean> onFirst = both.submit(() -> firstLocks.due(job, interval));
                Future<Boolean> onSecond = both.submit(() -> secondLocks.due(job, interval));
                int here = (onFirst.get() ? 1 : 0) + (onSecond.get() ? 1 : 0);
                assertThat(here).as("runs in interval %d", step).isEqualTo(1);
                ran += here;
            }
        } finally {
            both.shutdownNow();
        }
        assertThat(ran).isEqualTo(10);
        // The instance whose clock is ahead decides first: the one 3 s behind must not run the job a second time.
        Instant later = start.plus(interval.multipliedBy(20));
        secondClock.set(later.plusSeconds(3));
        firstClock.set(later);
        assertThat(secondLocks.due("test-job", interval)).isTrue();
        assertThat(firstLocks.due("test-job", interval)).as("behind by 3 s").isFalse();
        // A clock set back by more than an interval is not held off for ever by the stamp ahead of it.
        firstClock.set(later.minus(interval.multipliedBy(2)));
        assertThat(firstLocks.due("test-job", interval)).isTrue();
    }

    @Test
    void a_sign_out_on_one_console_reaches_the_other_within_seconds() throws Exception {
        List<BrowsersToSignOut> heardBySecond = new CopyOnWriteArrayList<>();
        second.addApplicationListener((ApplicationListener<PayloadApplicationEvent<BrowsersToSignOut>>)
                event -> heardBySecond.add(event.getPayload()));
        String username = "revoked-" + System.nanoTime();

        first.publishEvent(new BrowsersToSignOut(username, null, "login"));

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (heardBySecond.stream().noneMatch(b -> username.equals(b.username())) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(heardBySecond)
                .as("the second console signs the user out too, everywhere (no session id)")
                .anySatisfy(b -> {
                    assertThat(b.username()).isEqualTo(username);
                    assertThat(b.authSessionId()).isNull();
                });
        // Told once, and not echoed back to the first.
        assertThat(heardBySecond.stream().filter(b -> username.equals(b.username())))
                .hasSize(1);
        assertThat(first.getBean(ClusterSignals.class).read()).isZero();
    }

    @Test
    void signing_a_user_out_on_one_console_closes_their_terminal_socket_on_the_other() throws Exception {
        TestUsers users = new TestUsers(second.getBean(UserService.class));
        UserSummary user = users.create("cluster-terminal", Role.USER);
        // The terminal is held on the second console, as a browser pinned there by the load balancer would hold it.
        TerminalChannel channel = second.getBean(TerminalChannels.class).open(user.username(), t -> {}, b -> {});
        String cookie = "PIER_SESSION="
                + second.getBean(AuthSessionService.class)
                        .issue(user.id(), SessionKind.BROWSER, "test")
                        .token();
        int port = ((WebServerApplicationContext) second).getWebServer().getPort();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("Cookie", cookie)
                .buildAsync(URI.create("ws://localhost:" + port + "/" + channel.path()), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
                        closed.complete(status);
                        return null;
                    }
                })
                .join();
        for (int i = 0; i < 100 && !channel.socketAttached(); i++) {
            Thread.sleep(20);
        }
        assertThat(channel.socketAttached()).isTrue();

        // What disabling the user or revoking all their sessions publishes, on the first console.
        first.publishEvent(new BrowsersToSignOut(user.username(), null, "login"));

        assertThat(closed.get(10, TimeUnit.SECONDS))
                .as("the socket on the second console closed")
                .isNotNull();
        assertThat(channel.socketAttached()).isFalse();
    }
}
