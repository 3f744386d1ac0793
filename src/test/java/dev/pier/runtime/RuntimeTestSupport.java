package dev.pier.runtime;

import static org.assertj.core.api.Assertions.fail;

import dev.pier.manifest.Manifest;
import dev.pier.manifest.ServiceSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A runtime over temporary directories with short timings, closed after each test. */
abstract class RuntimeTestSupport {

    static final RuntimeSettings FAST = RuntimeSettings.defaults()
            .withRestartBackoff(Duration.ofMillis(100), Duration.ofMillis(400))
            .withShellGrace(Duration.ofSeconds(1));

    @TempDir
    Path tmp;

    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    LocalRuntime runtime;

    LocalRuntime runtime(RuntimeSettings settings) {
        runtime = new LocalRuntime(tmp.resolve("data/work"), tmp.resolve("data/logs"), settings, Clock.systemUTC(),
                scheduler);
        return runtime;
    }

    LocalRuntime runtime() {
        return runtime(FAST);
    }

    @AfterEach
    void closeRuntime() {
        if (runtime != null) {
            runtime.close();
        }
        scheduler.shutdownNow();
    }

    static ServiceSpec service(String name, int count, String... command) {
        return new ServiceSpec(name, null, Arrays.asList(command), List.of(), Map.of(), List.of(), count);
    }

    static Manifest manifest(ServiceSpec... services) {
        return new Manifest(List.of(services), "");
    }

    /** Polls until the condition holds; real processes need real time, bounded here. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }
}
