package dev.pier.providerapp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.account.AccountSummary;
import dev.pier.test.ProviderTestSupport;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shell route: a real PTY in the replica's directory, resize, exit codes, and re-attach to the same PTY. */
class ShellTest extends GatewayTest {

    static final String SLEEPER = """
            version: "1"
            services:
              app:
                command: ["sh", "-c", "sleep 100000"]
            """;

    @Test
    void echo_resize_reattach_and_exit() throws Exception {
        AccountSummary account = provider.newAccount("shell");
        String token = provider.token(account);
        String lease = provider.deploy(token, 201, SLEEPER);
        String session = UUID.randomUUID().toString();
        String path = lease + "/shell?service=app&replica=0&tty=true&stdin=true&session=" + session;

        ProviderTestSupport.Recorder first = new ProviderTestSupport.Recorder();
        WebSocket ws = provider.connect(path, token, first);
        ws.sendBinary(ProviderTestSupport.stdin("echo hel''lo\n"), true).join();
        assertThat(ProviderTestSupport.readShellUntil(first, "hello", 10)).contains("hello");

        ws.sendBinary(ProviderTestSupport.resize(120, 40), true).join();
        // In a container the new size travels on from the provider's PTY to the container's (podman passes the
        // window change on by itself), so a command right after the resize may still see the old one: ask again.
        String sized = "";
        for (int attempt = 0; attempt < 5 && !sized.contains("40 120"); attempt++) {
            ws.sendBinary(ProviderTestSupport.stdin("stty size\n"), true).join();
            sized = ProviderTestSupport.readShellUntil(first, "40 120", 2);
        }
        assertThat(sized).contains("40 120");

        // Markers are computed by the shell ($((…))), so the echo of the typed line never matches them.
        ws.sendBinary(ProviderTestSupport.stdin("sleep 300 & echo PID=$$ JOB=$! END$((40+2))\n"), true)
                .join();
        String ids = ProviderTestSupport.readShellUntil(first, "END42", 10);
        Matcher m = Pattern.compile("PID=(\\d+) JOB=(\\d+)").matcher(ids);
        assertThat(m.find()).as(ids).isTrue();
        String shellPid = m.group(1);
        String jobPid = m.group(2);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "rotating").join();
        first.closed.get(5, TimeUnit.SECONDS);

        // A new connection with a fresh token and the same session id joins the same shell.
        ProviderTestSupport.Recorder second = new ProviderTestSupport.Recorder();
        WebSocket again = provider.connect(path, provider.token(account), second);
        again.sendBinary(
                        ProviderTestSupport.stdin("echo SAME=$$; kill -0 " + jobPid + " && echo ALIVE$((6*7))\n"), true)
                .join();
        String after = ProviderTestSupport.readShellUntil(second, "ALIVE42", 10);
        assertThat(after).contains("SAME=" + shellPid).contains("ALIVE42");

        again.sendBinary(ProviderTestSupport.stdin("exit 7\n"), true).join();
        byte[] result = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && result == null) {
            byte[] frame = second.binaries.poll(200, TimeUnit.MILLISECONDS);
            if (frame != null && frame[0] == 102) {
                result = frame;
            }
        }
        assertThat(result).isNotNull();
        assertThat(new String(result, 1, result.length - 1, StandardCharsets.UTF_8))
                .isEqualTo("{\"exit_code\":7}");
        assertThat(second.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    @Test
    void an_unknown_service_gets_a_failure_frame() throws Exception {
        String token = provider.token(provider.newAccount("shell-missing"));
        String lease = provider.deploy(token, 202, SLEEPER);
        ProviderTestSupport.Recorder recorder = new ProviderTestSupport.Recorder();
        provider.connect(lease + "/shell?service=nope", token, recorder);
        byte[] frame = recorder.binaries.poll(10, TimeUnit.SECONDS);
        assertThat(frame).isNotNull();
        assertThat(frame[0]).isEqualTo((byte) 103);
    }
}
