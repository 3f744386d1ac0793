package dev.pier.providerapp.runtime;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pier.manifest.Manifest;
import dev.pier.manifest.ServiceSpec;
import dev.pier.test.TestImages;
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

    /** Plain processes: the supervision itself, with no container engine in the way. */
    LocalRuntime runtime(RuntimeSettings settings) {
        runtime = new LocalRuntime(
                tmp.resolve("data/logs"),
                settings,
                Clock.systemUTC(),
                scheduler,
                new ProcessEngine(tmp.resolve("data/work")));
        return runtime;
    }

    LocalRuntime runtime() {
        return runtime(FAST);
    }

    /**
     * Podman containers in the offline test image; the test is skipped (naming the packages) where podman is missing.
     */
    LocalRuntime containers(RuntimeSettings settings) {
        assumeTrue(TestImages.containersAvailable(), "needs " + TestImages.PACKAGES);
        var podman = new PodmanSettings(
                "podman",
                PodmanSettings.DEFAULT_OPTIONS,
                instance,
                200000,
                "10.213.0.0/16",
                "127.0.0.1",
                TestImages.BUSYBOX,
                PodmanSettings.PullPolicy.NEVER,
                tmp.resolve("data/containers"));
        runtime = LocalRuntime.create(
                RuntimeChoice.PODMAN,
                podman,
                tmp.resolve("data/work"),
                tmp.resolve("data/logs"),
                settings,
                Clock.systemUTC(),
                scheduler);
        return runtime;
    }

    LocalRuntime containers() {
        return containers(FAST);
    }

    /** Each test's own provider instance: its containers and networks are named and labelled with it. */
    final String instance = "t" + Long.toHexString(System.nanoTime() & 0xffffff);

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
