package dev.pier.cluster;

import dev.pier.PierApplication;
import dev.pier.account.AccountService;
import dev.pier.credentials.ProviderCredentials;
import dev.pier.provider.ProviderService;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserService;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two consoles on one PostgreSQL: the time 200 concurrent callers split across both wait for a token nobody has yet
 * (one generation under the JDBC lock, the other instance reading it), the same on one instance, and a cached call.
 * Usage: ClusterTokenBenchmark <jdbc url> [rounds]
 */
public final class ClusterTokenBenchmark {

    private static final String SCHEMA = "pier_cluster_bench";

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            c.createStatement().execute("CREATE SCHEMA " + SCHEMA);
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String masterKey = Base64.getEncoder().encodeToString(key);
        String database = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
        try (ConfigurableApplicationContext first = start(database, masterKey, "console,provider");
                ConfigurableApplicationContext second = start(database, masterKey, "console")) {
            TestUsers users = new TestUsers(second.getBean(UserService.class));
            String provider = users.asAdmin(
                    () -> second.getBean(ProviderService.class).list().get(0).address());
            ProviderCredentials a = first.getBean(ProviderCredentials.class);
            ProviderCredentials b = second.getBean(ProviderCredentials.class);
            ExecutorService callers = Executors.newFixedThreadPool(64);
            try {
                List<Double> across = new ArrayList<>();
                List<Double> single = new ArrayList<>();
                double generationsBefore = generated(first) + generated(second);
                for (int round = 0; round < rounds; round++) {
                    across.add(coldFlight(callers, users, second, provider, a, b));
                    single.add(coldFlight(callers, users, second, provider, a, a));
                }
                double generations = generated(first) + generated(second) - generationsBefore;
                long accountId = fresh(users, second);
                a.ensureToken(accountId, provider);
                b.ensureToken(accountId, provider);
                double cached = cachedNanos(a, accountId, provider);
                System.out.printf("cold single flight, 200 callers across two consoles: %s ms%n", summary(across));
                System.out.printf("cold single flight, 200 callers on one console:    %s ms%n", summary(single));
                System.out.printf(
                        "generations: %.0f for %d cold flights (one each expected)%n", generations, 2 * rounds);
                System.out.printf("cached ensureToken: %.1f ns/op (one thread, after warm-up)%n", cached);
            } finally {
                callers.shutdownNow();
            }
        }
    }

    private static ConfigurableApplicationContext start(String database, String masterKey, String roles)
            throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "cluster-bench-");
        return new SpringApplicationBuilder(PierApplication.class)
                .run(
                        "--spring.datasource.url=" + database,
                        "--server.port=0",
                        "--pier.provider-port=0",
                        "--pier.data-dir=" + data.toAbsolutePath(),
                        "--pier.roles=" + roles,
                        "--pier.accounts.master-key=" + masterKey,
                        "--pier.admin.password=benchmark-admin-password",
                        "--pier.warmer.enabled=false",
                        "--logging.level.root=warn");
    }

    private static long fresh(TestUsers users, ConfigurableApplicationContext context) {
        long userId = users.create("bench", Role.USER).id();
        return users.asAdmin(() ->
                context.getBean(AccountService.class).defaultAccountOf(userId).id());
    }

    /** Milliseconds from releasing 200 callers (even ones on {@code x}, odd on {@code y}) to the last one's token. */
    private static double coldFlight(
            ExecutorService callers,
            TestUsers users,
            ConfigurableApplicationContext context,
            String provider,
            ProviderCredentials x,
            ProviderCredentials y)
            throws Exception {
        long accountId = fresh(users, context);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ProviderCredentials credentials = i % 2 == 0 ? x : y;
            calls.add(callers.submit(() -> {
                go.await();
                return credentials.ensureToken(accountId, provider);
            }));
        }
        Thread.sleep(50);
        long start = System.nanoTime();
        go.countDown();
        for (Future<?> call : calls) {
            call.get();
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static double cachedNanos(ProviderCredentials credentials, long accountId, String provider) {
        for (int i = 0; i < 2_000_000; i++) {
            credentials.ensureToken(accountId, provider);
        }
        int n = 5_000_000;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            credentials.ensureToken(accountId, provider);
        }
        return (System.nanoTime() - start) / (double) n;
    }

    private static double generated(ConfigurableApplicationContext context) {
        var counter = context.getBean(MeterRegistry.class)
                .find("pier.credentials.tokens.generated")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static String summary(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format(
                "min %.1f / median %.1f / max %.1f (%d rounds)",
                sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), sorted.size());
    }
}
