package dev.pier.providerapp.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShellTest extends RuntimeTestSupport {

    static final LeaseId LEASE = new LeaseId("akash1owner", 7, 1, 1);

    /** Collects what the PTY prints. */
    static final class Screen implements Consumer<byte[]> {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CompletableFuture<Integer> exit = new CompletableFuture<>();

        @Override
        public synchronized void accept(byte[] chunk) {
            bytes.writeBytes(chunk);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        String await(Pattern pattern) {
            Matcher[] found = new Matcher[1];
            RuntimeTestSupport.await("output matching " + pattern, Duration.ofSeconds(10), () -> {
                Matcher m = pattern.matcher(text());
                if (m.find()) {
                    found[0] = m;
                    return true;
                }
                return false;
            });
            return found[0].groupCount() > 0 ? found[0].group(1) : found[0].group();
        }
    }

    @BeforeEach
    void startLease() {
        runtimeUnderTest().apply(LEASE, manifest(service("app", 1, "sleep", "300")));
        await(
                "the replica",
                Duration.ofSeconds(20),
                () -> runtime.status(LEASE).get(0).ready() == 1);
    }

    /** Plain processes here; {@link ContainerShellTest} runs the same tests in podman containers. */
    LocalRuntime runtimeUnderTest() {
        return runtime();
    }

    /** Where a replica's programs start: its own directory for processes, the scratch space in a container. */
    String replicaDirectory() {
        return runtime.placements(LEASE, "app").get(0).workDir().toString();
    }

    private static void type(ShellSession shell, String line) {
        shell.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void echo_round_trips_through_the_pty() {
        ShellSession shell = runtime.shell(LEASE, "app", 0, "s1", List.of());
        var screen = new Screen();
        shell.attach(screen, screen.exit::complete);
        // The product is computed by the shell, so the echoed input alone cannot match.
        type(shell, "echo hello $((6*7))");
        screen.await(Pattern.compile("hello 42"));
    }

    @Test
    void resize_shows_in_stty_size_and_the_exit_code_comes_back() throws Exception {
        ShellSession shell = runtime.shell(LEASE, "app", 0, "s1", List.of());
        var screen = new Screen();
        shell.attach(screen, screen.exit::complete);
        type(shell, "stty size");
        screen.await(Pattern.compile("(?m)^24 80\\r?$"));
        shell.resize(120, 40);
        type(shell, "stty size");
        screen.await(Pattern.compile("(?m)^40 120\\r?$"));
        type(shell, "exit 7");
        assertThat(screen.exit.get(10, TimeUnit.SECONDS)).isEqualTo(7);
        RuntimeTestSupport.await("the shell to end", Duration.ofSeconds(5), () -> !shell.isAlive());
    }

    @Test
    void reconnecting_with_the_same_session_id_attaches_to_the_same_shell() {
        ShellSession shell = runtime.shell(LEASE, "app", 0, "keep", List.of());
        var first = new Screen();
        Runnable detach = shell.attach(first, first.exit::complete);
        type(shell, "sleep 300 &");
        type(shell, "echo PID=$$");
        String pid = first.await(Pattern.compile("PID=(\\d+)"));
        detach.run();
        // Typed while nobody watches: must show up on the next attachment.
        type(shell, "echo MISSED=$((40+2))");

        ShellSession again = runtime.shell(LEASE, "app", 0, "keep", List.of());
        assertThat(again).isSameAs(shell);
        var second = new Screen();
        again.attach(second, second.exit::complete);
        second.await(Pattern.compile("MISSED=42"));
        type(again, "echo PID=$$");
        assertThat(second.await(Pattern.compile("PID=(\\d+)"))).isEqualTo(pid);
        type(again, "kill -0 %1 && echo JOB=alive");
        second.await(Pattern.compile("JOB=alive"));
        assertThat(second.exit).isNotDone();
    }

    @Test
    void two_tabs_on_one_shell_both_see_its_output_and_both_may_type() throws Exception {
        ShellSession shell = runtime.shell(LEASE, "app", 0, "shared", List.of());
        var first = new Screen();
        Runnable firstDetach = shell.attach(first, first.exit::complete);
        ShellSession same = runtime.shell(LEASE, "app", 0, "shared", List.of());
        assertThat(same).isSameAs(shell);
        var second = new Screen();
        same.attach(second, second.exit::complete);

        type(shell, "echo FROM_FIRST=$((20+1))");
        first.await(Pattern.compile("FROM_FIRST=21"));
        second.await(Pattern.compile("FROM_FIRST=21"));
        type(same, "echo FROM_SECOND=$((20+2))");
        first.await(Pattern.compile("FROM_SECOND=22"));
        second.await(Pattern.compile("FROM_SECOND=22"));

        // One tab leaving keeps the shell for the other, with no grace timer running.
        firstDetach.run();
        type(same, "echo STILL=$((20+3))");
        second.await(Pattern.compile("STILL=23"));
        assertThat(first.text()).doesNotContain("STILL=23");
        type(same, "exit 5");
        assertThat(second.exit.get(10, TimeUnit.SECONDS)).isEqualTo(5);
        assertThat(first.exit).isNotDone();
    }

    @Test
    void a_connection_beside_takes_over_with_every_byte_once_and_in_order() throws Exception {
        ShellSession shell = runtime.shell(LEASE, "app", 0, "rotating", List.of());
        var old = new Screen();
        var midway = new CountDownLatch(1);
        Runnable oldLeaves = shell.attach(
                "client-1",
                chunk -> {
                    old.accept(chunk);
                    if (midway.getCount() > 0 && old.text().contains("\n20000\r")) {
                        midway.countDown();
                    }
                },
                old.exit::complete);
        var otherTab = new Screen();
        shell.attach("client-2", otherTab, otherTab.exit::complete);
        var next = new Screen();
        shell.attachBeside("client-1", next, next.exit::complete);

        type(shell, "echo BEFORE=$((2+2))");
        old.await(Pattern.compile("BEFORE=4"));
        otherTab.await(Pattern.compile("BEFORE=4"));
        assertThat(next.text())
                .as("nothing reaches the connection while it waits beside")
                .isEmpty();

        // The old connection leaves from another thread while the output pours out, as a HAND_OVER frame would.
        var handOver = CompletableFuture.runAsync(() -> {
            try {
                midway.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            oldLeaves.run();
        });
        type(shell, "seq 200000; echo AFTER=$((3+3))");
        handOver.get(20, TimeUnit.SECONDS);
        int oldLength = old.text().length();
        next.await(Pattern.compile("AFTER=6"));
        otherTab.await(Pattern.compile("AFTER=6"));

        assertThat(old.text()).hasSize(oldLength).doesNotContain("AFTER=6");
        assertThat(next.text())
                .as("the switch came while the numbers poured out")
                .containsPattern("(?m)^\\d+\\r?$");
        assertThat(numbers(old.text() + next.text())).isEqualTo(numbers(otherTab.text()));
        assertThat(numbers(otherTab.text())).hasSize(200000).startsWith(1).endsWith(200000);
        assertThat(next.exit).isNotDone();
    }

    /** The lines of a screen that are just a number, in order. */
    private static List<Integer> numbers(String screen) {
        return screen.lines()
                .map(String::strip)
                .filter(line -> line.matches("\\d+"))
                .map(Integer::valueOf)
                .toList();
    }

    @Test
    void a_session_left_detached_beyond_the_grace_is_ended() {
        ShellSession shell = runtime.shell(LEASE, "app", 0, "idle", List.of());
        var screen = new Screen();
        Runnable detach = shell.attach(screen, screen.exit::complete);
        type(shell, "echo READY");
        screen.await(Pattern.compile("(?m)^READY"));
        detach.run();

        RuntimeTestSupport.await("the grace to end the shell", Duration.ofSeconds(8), () -> !shell.isAlive());
        ShellSession fresh = runtime.shell(LEASE, "app", 0, "idle", List.of());
        assertThat(fresh).isNotSameAs(shell);
        assertThat(fresh.isAlive()).isTrue();
    }

    @Test
    void an_attached_session_outlives_the_grace() throws Exception {
        ShellSession shell = runtime.shell(LEASE, "app", 0, "busy", List.of());
        var screen = new Screen();
        shell.attach(screen, screen.exit::complete);
        Thread.sleep(FAST.shellGrace().toMillis() + 500);
        assertThat(shell.isAlive()).isTrue();
    }

    @Test
    void a_shell_runs_the_given_command_in_the_replica_directory() throws Exception {
        ShellSession shell = runtime.shell(LEASE, "app", 0, "cmd", List.of("sh", "-c", "pwd; echo $TERM; exit 5"));
        var screen = new Screen();
        shell.attach(screen, screen.exit::complete);
        assertThat(screen.exit.get(10, TimeUnit.SECONDS)).isEqualTo(5);
        assertThat(screen.text()).contains(replicaDirectory()).contains("xterm-256color");
    }

    @Test
    void unknown_services_and_replicas_are_refused() {
        assertThatThrownBy(() -> runtime.shell(LEASE, "nope", 0, "x", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no service 'nope'");
        assertThatThrownBy(() -> runtime.shell(LEASE, "app", 1, "x", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 1");
    }

    @Test
    void stopping_the_lease_ends_its_shells() {
        ShellSession shell = runtime.shell(LEASE, "app", 0, "s", List.of());
        var screen = new Screen();
        shell.attach(screen, screen.exit::complete);
        type(shell, "sleep 300 &");
        type(shell, "echo STARTED");
        screen.await(Pattern.compile("(?m)^STARTED"));

        String marker = runtime.placements(LEASE, "app").get(0).marker();
        assertThat(ProcessTrees.markedWithPrefix(marker + "/shell/")).hasSizeGreaterThanOrEqualTo(2);

        runtime.stop(LEASE);

        assertThat(shell.isAlive()).isFalse();
        assertThat(ProcessTrees.markedWithPrefix(marker)).isEmpty();
    }
}
