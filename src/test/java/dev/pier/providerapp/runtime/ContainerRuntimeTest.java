package dev.pier.providerapp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.manifest.ServiceSpec;
import dev.pier.shared.LeaseEvent;
import dev.pier.shared.LogLine;
import dev.pier.test.TestImages;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Supervision of replicas that are podman containers: images, entry points, restarts, events. */
class ContainerRuntimeTest extends RuntimeTestSupport {

    static final LeaseId LEASE = new LeaseId("akash1owner", 9, 1, 1);

    List<String> lines() {
        return runtime.logs(LEASE).readAfter(0, 10_000, l -> true).stream()
                .map(LogLine::message)
                .toList();
    }

    List<LeaseEvent> events(String type) {
        return runtime.events(LEASE).readAfter(0, 10_000, e -> e.type().equals(type));
    }

    @Test
    void command_and_args_override_the_image_and_output_is_the_log() {
        // No command: the image's own entry point (busybox's sh) runs the args as its arguments.
        var argsOnly = new ServiceSpec(
                "args", TestImages.BUSYBOX, List.of(), List.of("echo", "from-args"), Map.of(), List.of(), 1);
        var both = new ServiceSpec(
                "both",
                null,
                List.of("sh", "-c"),
                List.of("echo \"$SERVICE-$REPLICA in $(pwd) as $HOME\"; echo oops >&2; sleep 300"),
                Map.of(),
                List.of(),
                2);
        containers().apply(LEASE, manifest(argsOnly, both));

        await(
                "the output",
                Duration.ofSeconds(30),
                () -> lines().containsAll(List.of("from-args", "both-0 in /tmp as /tmp", "both-1 in /tmp as /tmp")));
        assertThat(runtime.logs(LEASE).readAfter(0, 1000, l -> l.message().equals("oops")))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l.stream()).isEqualTo("stderr"));
        await(
                "both replicas ready",
                Duration.ofSeconds(30),
                () -> runtime.status(LEASE).stream()
                        .filter(s -> s.name().equals("both"))
                        .anyMatch(s -> s.ready() == 2));
        assertThat(runtime.isolation()).isEqualTo(IsolationMode.CONTAINER);
        assertThat(runtime.engine().name()).isEqualTo("podman");
        assertThat(runtime.engine().version()).matches("\\d+\\.\\d+.*");
    }

    @Test
    void a_crashing_container_is_restarted_with_its_exit_code_and_the_engines_reason() {
        containers()
                .apply(
                        LEASE,
                        manifest(
                                service("crash", 1, "sh", "-c", "echo up; exit 3"),
                                service("missing", 1, "no-such-program")));

        await(
                "two restarts",
                Duration.ofSeconds(30),
                () -> runtime.status(LEASE).get(0).restarts() >= 2);
        assertThat(runtime.events(LEASE).readAfter(0, 100, e -> e.service().equals("crash")))
                .extracting(LeaseEvent::type)
                .startsWith("scheduled", "started", "exited", "restarted", "started");
        assertThat(events("exited"))
                .filteredOn(e -> e.service().equals("crash"))
                .first()
                .satisfies(e -> assertThat(e.exitCode()).isEqualTo(3));
        assertThat(lines()).contains("up");
        // The engine could not start the program: the event says what it said, not only a number.
        try {
            await(
                    "the missing program's exit",
                    Duration.ofSeconds(30),
                    () -> events("exited").stream()
                            .anyMatch(e ->
                                    e.service().equals("missing") && e.message().contains("no-such-program")));
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + ": "
                            + runtime.events(LEASE)
                                    .readAfter(0, 50, x -> x.service().equals("missing")) + " log " + lines(),
                    e);
        }
    }

    @Test
    void an_image_the_provider_lacks_is_an_event_that_names_it_and_what_to_do() {
        var absent = new ServiceSpec("app", "localhost/pier-absent:1", List.of(), List.of(), Map.of(), List.of(), 1);
        containers().apply(LEASE, manifest(absent));

        await("the failure", Duration.ofSeconds(30), () -> !events("failed").isEmpty());
        assertThat(events("failed").get(0).message())
                .contains("localhost/pier-absent:1")
                .contains("podman load")
                .contains("pull=never");
        assertThat(runtime.status(LEASE).get(0).ready()).isZero();
    }

    @Test
    void a_failed_pull_shows_its_progress_and_an_actionable_reason() {
        var podman = new PodmanSettings(
                "podman",
                PodmanSettings.DEFAULT_OPTIONS,
                instance,
                200000,
                "10.213.0.0/16",
                "127.0.0.1",
                TestImages.BUSYBOX,
                PodmanSettings.PullPolicy.MISSING,
                tmp.resolve("data/containers"));
        containers();
        runtime.close();
        runtime = LocalRuntime.create(
                RuntimeChoice.PODMAN,
                podman,
                tmp.resolve("data/work"),
                tmp.resolve("data/logs"),
                FAST,
                Clock.systemUTC(),
                scheduler);
        // A registry on a closed loopback port: the pull fails at once, and nothing leaves this machine.
        var unreachable =
                new ServiceSpec("app", "127.0.0.1:9/pier/absent:1", List.of(), List.of(), Map.of(), List.of(), 1);
        runtime.apply(LEASE, manifest(unreachable));

        await("the failure", Duration.ofSeconds(60), () -> !events("failed").isEmpty());
        assertThat(events("pulling"))
                .extracting(LeaseEvent::message)
                .first()
                .asString()
                .isEqualTo("pulling image 127.0.0.1:9/pier/absent:1");
        assertThat(events("failed").get(0).message())
                .contains("Could not pull image 127.0.0.1:9/pier/absent:1")
                .contains("Check the image name");
    }

    @Test
    void a_rollout_starts_new_containers_before_the_old_ones_go() {
        containers().apply(LEASE, manifest(service("web", 2, "sleep", "300")));
        await(
                "2 ready",
                Duration.ofSeconds(30),
                () -> runtime.status(LEASE).get(0).ready() == 2);
        List<String> before =
                runtime.placements(LEASE, "web").stream().map(Placement::name).toList();

        runtime.apply(LEASE, manifest(service("web", 1, "sleep", "301")));

        List<String> after =
                runtime.placements(LEASE, "web").stream().map(Placement::name).toList();
        assertThat(after).hasSize(1).doesNotContainAnyElementsOf(before);
        await(
                "1 ready",
                Duration.ofSeconds(30),
                () -> runtime.status(LEASE).get(0).ready() == 1);
        String running =
                TestImages.podman("ps", "--filter", "label=pier.instance=" + instance, "--format", "{{.Names}}");
        assertThat(running.strip()).isEqualTo(after.get(0));
    }
}
