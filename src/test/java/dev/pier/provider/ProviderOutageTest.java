package dev.pier.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.account.AccountService;
import dev.pier.base.ShellSession;
import dev.pier.base.StreamStatus;
import dev.pier.base.StreamSubscription;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.deployment.LeaseAccess;
import dev.pier.test.MutableClock;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserSummary;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A standalone provider process killed with SIGKILL while a log stream and a shell are open: the console says it is
 * unreachable and why, the streams say they reconnect, and once the provider is back on its port and data directory
 * both resume by themselves, the log with no gap and no duplicate.
 */
@PierIntegrationTest
class ProviderOutageTest {

    @LocalServerPort
    int consolePort;

    @Autowired
    TestUsers testUsers;

    @Autowired
    ProviderDirectory directory;

    @Autowired
    DeploymentService deployments;

    @Autowired
    LeaseAccess leases;

    @Autowired
    AccountService accounts;

    @Autowired
    MutableClock clock;

    @TempDir
    Path dataDir;

    @Test
    void streams_and_shells_come_back_by_themselves_after_the_provider_was_killed() throws Exception {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        int port = freePort();
        Process provider = start(port);
        awaitUp(port);
        List<StreamSubscription> opened = new ArrayList<>();
        String address = null;
        try {
            ProviderDirectory.ProviderOverview added =
                    testUsers.asAdmin(() -> directory.add("http://127.0.0.1:" + port, "standalone"));
            address = added.provider().address();
            UserSummary user = testUsers.create("outage", Role.USER);
            DeploymentSummary deployment = deployments.create(
                    user.id(),
                    user.username(),
                    accounts.defaultAccountOf(user.id()).id(),
                    address,
                    "through an outage",
                    """
                            version: "1"
                            services:
                              ticker:
                                command: ["sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done"]
                            """,
                    step -> {});
            List<Long> seqs = new CopyOnWriteArrayList<>();
            List<StreamStatus> logStates = new CopyOnWriteArrayList<>();
            opened.add(leases.followLogs(deployment, null, line -> seqs.add(line.seq()), logStates::add));
            StringBuffer screen = new StringBuffer();
            List<StreamStatus> shellStates = new CopyOnWriteArrayList<>();
            ShellSession shell = leases.shell(
                    deployment,
                    "ticker",
                    0,
                    "outage-shell",
                    new ShellSession.Output() {
                        @Override
                        public void onOutput(byte[] bytes) {
                            screen.append(new String(bytes, StandardCharsets.UTF_8));
                        }

                        @Override
                        public void onExit(int exitCode) {}
                    },
                    shellStates::add);
            opened.add(shell);
            await(
                    "lines and a live shell",
                    30,
                    () -> seqs.size() >= 5 && shell.status().state() == StreamStatus.State.LIVE);
            shell.send("echo BEFORE$((20+1))\n");
            await("the shell's answer", 10, () -> screen.toString().contains("BEFORE21"));

            provider.destroyForcibly().waitFor();
            await(
                    "the log stream reconnecting",
                    30,
                    () -> logStates.stream().anyMatch(s -> s.state() == StreamStatus.State.RECONNECTING));
            await(
                    "the shell reconnecting",
                    30,
                    () -> shellStates.stream().anyMatch(s -> s.state() == StreamStatus.State.RECONNECTING));
            ProviderDirectory.ProviderOverview down = directory.test(added.provider());
            assertThat(down.online()).isFalse();
            assertThat(down.problem()).contains("127.0.0.1:" + port).contains("unreachable");
            int seenBefore = seqs.size();

            provider = start(port);
            await(
                    "the provider back",
                    60,
                    () -> directory.test(added.provider()).online());
            await(
                    "the log stream live again with new lines",
                    60,
                    () -> seqs.size() > seenBefore + 5
                            && logStates.get(logStates.size() - 1).state() == StreamStatus.State.LIVE);
            await("the shell live again", 60, () -> shell.status().state() == StreamStatus.State.LIVE);
            shell.send("echo AFTER$((40+2))\n");
            await(
                    "the shell's answer after the outage",
                    20,
                    () -> screen.toString().contains("AFTER42"));

            List<Long> delivered = List.copyOf(seqs);
            for (int i = 1; i < delivered.size(); i++) {
                assertThat(delivered.get(i))
                        .as("seq after %d", delivered.get(i - 1))
                        .isEqualTo(delivered.get(i - 1) + 1);
            }
            assertThat(logStates).noneMatch(StreamStatus::closed);
            assertThat(deployments
                            .find(user.id(), deployment.dseq())
                            .orElseThrow()
                            .active())
                    .isTrue();
            deployments.close(user.id(), deployment.dseq());
        } finally {
            opened.forEach(StreamSubscription::remove);
            provider.destroyForcibly().waitFor();
            if (address != null) {
                String registered = address;
                testUsers.asAdmin(() -> directory.remove(registered));
            }
        }
    }

    /** The provider role of Pier's own jar, as an operator runs it: its own JVM, port and data directory. */
    private Process start(int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path")));
        for (String property : List.of(
                "pier.provider.images.default-image",
                "pier.provider.images.pull",
                "pier.provider.key-refresh-interval",
                "pty4j.tmpdir")) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.addAll(List.of(
                "dev.pier.PierApplication",
                "--pier.roles=provider",
                "--server.port=" + port,
                "--pier.provider.data-dir=" + dataDir,
                "--pier.provider.name=standalone",
                "--pier.provider.console-url=http://127.0.0.1:" + consolePort));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(new File(dataDir.toFile(), "provider-" + System.nanoTime() + ".log"))
                .start();
    }

    /** Waits for the provider process to answer GET /status. */
    private static void awaitUp(int port) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        await("the provider process answering", 90, () -> {
            try {
                return http.send(
                                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }
}
