package dev.pier.providerapp.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.manifest.ServiceSpec;
import dev.pier.shared.LeaseEvent;
import dev.pier.shared.LogLine;
import dev.pier.shared.ServiceStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LocalRuntimeTest extends RuntimeTestSupport {

    static final LeaseId LEASE = new LeaseId("akash1owner", 42, 1, 1);
    static final String TICKER = "i=0; while true; do echo line $i; echo err $i >&2; i=$((i+1)); sleep 0.05; done";

    @Test
    void runs_replicas_and_captures_their_output_in_seq_order() throws Exception {
        var rt = runtime();
        var appended = new AtomicInteger();
        rt.logs(LEASE).onAppend(appended::incrementAndGet);
        rt.apply(LEASE, manifest(service("ticker", 2, "sh", "-c", TICKER)));

        await(
                "2 ready replicas",
                Duration.ofSeconds(10),
                () -> rt.status(LEASE).equals(List.of(new ServiceStatus("ticker", 2, 2, List.of(), List.of(), 0))));
        SequencedLog<LogLine> logs = rt.logs(LEASE);
        await("40 lines", Duration.ofSeconds(10), () -> logs.lastSeq() >= 40);

        List<LogLine> all = logs.readAfter(0, 1000, l -> true);
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).seq()).isEqualTo(i + 1L);
        }
        assertThat(all).extracting(LogLine::replica).contains(0, 1);
        assertThat(all)
                .filteredOn(l -> l.message().startsWith("err"))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l.stream()).isEqualTo("stderr"));
        assertThat(all)
                .filteredOn(l -> l.message().startsWith("line"))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l.stream()).isEqualTo("stdout"));
        assertThat(all).allSatisfy(l -> assertThat(l.service()).isEqualTo("ticker"));

        List<LogLine> resumed = logs.readAfter(17, 5, l -> true);
        assertThat(resumed).extracting(LogLine::seq).containsExactly(18L, 19L, 20L, 21L, 22L);
        assertThat(resumed.get(0)).isEqualTo(all.get(17));
        assertThat(appended.get()).isGreaterThanOrEqualTo(40);

        List<String> file = Files.readAllLines(rt.logFile(LEASE), StandardCharsets.UTF_8);
        assertThat(file.size()).isGreaterThanOrEqualTo(40);
        assertThat(file.get(0)).isEqualTo(LogFile.toJson(all.get(0)));
        assertThat(rt.logFile(LEASE)).isEqualTo(tmp.resolve("data/logs/akash1owner/42.1.1/log.jsonl"));
    }

    @Test
    void replicas_get_their_environment_and_working_directory() throws Exception {
        var rt = runtime();
        var spec = new ServiceSpec(
                "env",
                null,
                List.of("sh", "-c"),
                List.of("echo \"$SERVICE/$REPLICA/$GREETING/$PORT_8080/$HOME/$(pwd)\"; sleep 30"),
                Map.of("GREETING", "hello world"),
                List.of(new ServiceSpec.Expose(8080, 80, "tcp")),
                1);
        rt.apply(LEASE, manifest(spec));
        await("the env line", Duration.ofSeconds(10), () -> rt.logs(LEASE).lastSeq() >= 1);

        int hostPort = rt.status(LEASE).get(0).forwardedPorts().get(0).externalPort();
        String dir = tmp.resolve("data/work/akash1owner/42.1.1/env-0").toString();
        assertThat(rt.logs(LEASE).tail(1, l -> true).get(0).message())
                .isEqualTo("env/0/hello world/" + hostPort + "/" + dir + "/" + dir);
    }

    @Test
    void a_crashing_replica_is_restarted_with_its_exit_code_recorded() {
        var rt = runtime();
        rt.apply(LEASE, manifest(service("crash", 1, "sh", "-c", "echo up; exit 3")));

        await(
                "two restarts",
                Duration.ofSeconds(10),
                () -> rt.status(LEASE).get(0).restarts() >= 2);
        List<LeaseEvent> events = rt.events(LEASE).readAfter(0, 100, e -> true);
        assertThat(events)
                .extracting(LeaseEvent::type)
                .startsWith("scheduled", "started", "exited", "restarted", "started");
        assertThat(events)
                .filteredOn(e -> e.type().equals("exited"))
                .first()
                .satisfies(e -> assertThat(e.exitCode()).isEqualTo(3));
        assertThat(rt.logs(LEASE).readAfter(0, 100, l -> true))
                .extracting(LogLine::message)
                .contains("up");
    }

    @Test
    void a_replica_that_keeps_crashing_is_reported_as_a_crash_loop_with_its_last_exit() {
        var rt = runtime();
        rt.apply(LEASE, manifest(service("crash", 1, "sh", "-c", "exit 3")));

        await(
                "three restarts",
                Duration.ofSeconds(10),
                () -> rt.status(LEASE).get(0).restarts() >= ServiceStatus.CRASH_LOOP_RESTARTS);
        ServiceStatus status = rt.status(LEASE).get(0);
        assertThat(status.crashLooping()).isTrue();
        assertThat(status.recentRestarts()).isGreaterThanOrEqualTo(3);
        assertThat(status.recentSince()).isNotNull();
        assertThat(status.lastExitCode()).isEqualTo(3);
        assertThat(status.lastExit()).isEqualTo("exited with code 3");
        assertThat(status.lastExitAt()).isNotNull();
        assertThat(status.crashLoopSummary(status.recentSince().plusSeconds(90)))
                .startsWith("Crash loop: " + status.recentRestarts() + " restarts in 2 min")
                .endsWith(", last exit 3");

        ServiceStatus calm = new ServiceStatus("web", 1, 1, List.of(), List.of(), 7);
        assertThat(calm.crashLooping()).as("restarts long ago are no loop").isFalse();
        assertThat(calm.crashLoopSummary(status.recentSince())).isEmpty();
    }

    @Test
    void rolling_apply_replaces_replicas_and_removes_dropped_services() {
        var rt = runtime();
        rt.apply(LEASE, manifest(service("web", 2, "sleep", "300"), service("old", 1, "sleep", "300")));
        await("3 ready", Duration.ofSeconds(10), () -> ready(rt) == 3);
        List<Long> webBefore = rt.pids(LEASE, "web");
        long oldPid = rt.pids(LEASE, "old").get(0);

        rt.apply(LEASE, manifest(service("web", 1, "sleep", "301"), service("fresh", 1, "sleep", "300")));

        await("2 ready", Duration.ofSeconds(10), () -> ready(rt) == 2);
        assertThat(rt.status(LEASE)).extracting(ServiceStatus::name).containsExactly("web", "fresh");
        List<Long> webAfter = rt.pids(LEASE, "web");
        assertThat(webAfter).hasSize(1).doesNotContainAnyElementsOf(webBefore);
        for (long pid : List.of(oldPid, webBefore.get(0), webBefore.get(1))) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        }
        assertThat(rt.events(LEASE).readAfter(0, 100, e -> e.type().equals("stopped")))
                .extracting(e -> e.service() + "-" + e.replica())
                .containsExactlyInAnyOrder("old-0", "web-0", "web-1");
    }

    @Test
    void stop_leaves_no_process_of_the_lease_behind() throws Exception {
        var rt = runtime();
        // A child that ignores SIGTERM, and a grandchild in the background.
        rt.apply(
                LEASE,
                manifest(service(
                        "tree",
                        2,
                        "sh",
                        "-c",
                        "trap '' TERM; (sleep 300 &) ; sleep 300 & while true; do sleep 1; done")));
        await("2 ready", Duration.ofSeconds(10), () -> ready(rt) == 2);
        var leaseDir = tmp.resolve("data/work/akash1owner/42.1.1");
        await(
                "processes in the lease dir",
                Duration.ofSeconds(10),
                () -> processesMentioning(leaseDir).size() >= 4);

        rt.stop(LEASE);

        assertThat(processesMentioning(leaseDir)).isEmpty();
        assertThat(rt.status(LEASE)).isEmpty();
        assertThat(rt.events(LEASE).readAfter(0, 100, e -> e.type().equals("stopped")))
                .hasSize(2);
        assertThat(leaseDir).as("closing removes the work directories").doesNotExist();
    }

    @Test
    void an_exposed_port_is_reachable_at_the_reported_host_port() throws Exception {
        var rt = runtime();
        var spec = new ServiceSpec(
                "web",
                null,
                List.of("sh", "-c"),
                List.of("echo hello > index.html; exec python3 -m http.server --bind 0.0.0.0 $PORT_8080"),
                Map.of(),
                List.of(new ServiceSpec.Expose(8080, 80, "tcp")),
                1);
        rt.apply(LEASE, manifest(spec));
        ServiceStatus status = rt.status(LEASE).get(0);
        var port = status.forwardedPorts().get(0);
        assertThat(port.port()).isEqualTo(8080);
        assertThat(port.host()).isEqualTo("127.0.0.1");
        assertThat(status.uris()).containsExactly("http://127.0.0.1:" + port.externalPort());

        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        var request = HttpRequest.newBuilder(URI.create(status.uris().get(0) + "/index.html"))
                .timeout(Duration.ofSeconds(2))
                .build();
        String[] body = new String[1];
        await("the HTTP server", Duration.ofSeconds(15), () -> {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                body[0] = response.body();
                return response.statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(body[0]).isEqualTo("hello\n");
    }

    @Test
    void plain_processes_refuse_a_service_with_only_an_image_by_name() {
        var rt = runtime();
        var imageOnly = new ServiceSpec("db", "postgres:16", List.of(), List.of(), Map.of(), List.of(), 1);
        assertThatThrownBy(() -> rt.apply(LEASE, manifest(imageOnly)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot run images")
                .hasMessageContaining("'db'")
                .hasMessageContaining("apt-get install podman");
        assertThat(rt.status(LEASE)).isEmpty();
        assertThat(rt.isolation()).isEqualTo(IsolationMode.NONE);
        assertThat(rt.engine().name()).isEqualTo("process");
    }

    @Test
    void the_provider_refuses_more_replicas_than_it_has_room_for() {
        var rt = runtime(FAST.withCapacity(3, RuntimeSettings.ReplicaDefaults.STANDARD));
        rt.apply(LEASE, manifest(service("a", 2, "sleep", "300")));
        var other = new LeaseId("akash1other", 1, 1, 1);
        assertThatThrownBy(() -> rt.apply(other, manifest(service("b", 2, "sleep", "300"))))
                .isInstanceOf(ProviderFullException.class)
                .hasMessageContaining("at most 3 replicas")
                .hasMessageContaining("room for 1");
        assertThat(rt.status(other)).isEmpty();
        rt.apply(other, manifest(service("b", 1, "sleep", "300")));
        // Replacing a lease's own manifest counts its replicas once, not twice.
        rt.apply(LEASE, manifest(service("a", 2, "sleep", "301")));
        assertThat(rt.status(LEASE)).extracting(ServiceStatus::total).containsExactly(2);
    }

    /** Live processes whose command line or working directory mentions {@code dir}. */
    static List<String> processesMentioning(Path dir) {
        String path = dir.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> {
                    String cwd;
                    try {
                        cwd = Files.readSymbolicLink(Path.of("/proc/" + p.pid() + "/cwd"))
                                .toString();
                    } catch (Exception e) {
                        cwd = "";
                    }
                    return cwd.startsWith(path)
                            || p.info().commandLine().orElse("").contains(path);
                })
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .toList();
    }

    private static int ready(LocalRuntime rt) {
        return rt.status(LEASE).stream().mapToInt(ServiceStatus::ready).sum();
    }
}
