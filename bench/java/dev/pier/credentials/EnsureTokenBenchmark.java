package dev.pier.credentials;

import dev.pier.test.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cached path of {@link ProviderCredentials#ensureToken}: what every provider call pays once a token exists. Run
 * with bench/ensure-token.sh (not part of the test suite).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EnsureTokenBenchmark {

    private ProviderCredentials credentials;
    private ExecutorService executor;
    private VirtualBackoffScheduler scheduler;

    @Setup(Level.Trial)
    public void warmCache() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        executor = Executors.newSingleThreadExecutor();
        scheduler = new VirtualBackoffScheduler();
        credentials = new ProviderCredentials(
                new FakeMinter(clock, Duration.ofDays(1)),
                new InMemoryTokenStore(),
                new CaffeineTokenCache(10_000, Duration.ofDays(1)),
                clock,
                new CredentialsProperties(
                        Duration.ofDays(1),
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(60),
                        10_000,
                        new CredentialsProperties.Retry(4, Duration.ofMillis(500), 2.0, Duration.ofSeconds(5))),
                new SimpleMeterRegistry(),
                scheduler,
                executor);
        for (long account = 1; account <= 100; account++) {
            credentials.ensureToken(account, "akash1provider");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        executor.shutdownNow();
        scheduler.shutdownNow();
    }

    @Benchmark
    @BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
    public ProviderToken cachedEnsureToken() {
        return credentials.ensureToken(42, "akash1provider");
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ProviderToken cachedEnsureTokenThroughput() {
        return credentials.ensureToken(42, "akash1provider");
    }
}
