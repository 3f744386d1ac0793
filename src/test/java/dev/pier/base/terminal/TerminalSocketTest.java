package dev.pier.base.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.auth.AuthSessionService;
import dev.pier.auth.SessionKind;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.ProviderTestSupport.Recorder;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserSummary;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The console's terminal socket over a real WebSocket: ordering, ownership, origin, fallback and closing. */
@PierIntegrationTest
class TerminalSocketTest {

    @Autowired
    TerminalChannels channels;

    @Autowired
    TestUsers users;

    @Autowired
    AuthSessionService sessions;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    /** The next binary frame the browser side received, as text. */
    private static String next(Recorder browser) throws InterruptedException {
        byte[] frame = browser.binaries.poll(10, TimeUnit.SECONDS);
        return frame == null ? null : new String(frame, StandardCharsets.UTF_8);
    }

    private String cookieOf(UserSummary user) {
        return "PIER_SESSION="
                + sessions.issue(user.id(), SessionKind.BROWSER, "test").token();
    }

    private WebSocket connect(TerminalChannel channel, String cookie, String origin, Recorder browser) {
        WebSocket.Builder builder = http.newWebSocketBuilder().header("Cookie", cookie);
        if (origin != null) {
            builder.header("Origin", origin);
        }
        return builder.buildAsync(URI.create("ws://localhost:" + port + "/" + channel.path()), browser)
                .join();
    }

    private static int handshakeStatus(Runnable connect) {
        try {
            connect.run();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
        throw new AssertionError("the handshake was accepted");
    }

    @Test
    void output_waits_for_the_socket_then_flows_both_ways_in_order() throws Exception {
        UserSummary alice = users.create("term", Role.USER);
        CopyOnWriteArrayList<String> typed = new CopyOnWriteArrayList<>();
        CopyOnWriteArrayList<String> fallback = new CopyOnWriteArrayList<>();
        TerminalChannel channel =
                channels.open(alice.username(), typed::add, b -> fallback.add(new String(b, StandardCharsets.UTF_8)));
        channel.output("$ ".getBytes(StandardCharsets.UTF_8));
        channel.output("ready\r\n".getBytes(StandardCharsets.UTF_8));

        Recorder browser = new Recorder();
        WebSocket ws = connect(channel, cookieOf(alice), "http://localhost:" + port, browser);
        assertThat(next(browser)).isEqualTo("$ ");
        assertThat(next(browser)).isEqualTo("ready\r\n");
        assertThat(channel.socketAttached()).isTrue();

        channel.output("live".getBytes(StandardCharsets.UTF_8));
        assertThat(next(browser)).isEqualTo("live");
        ws.sendText("ls -l\r", true).join();
        for (int i = 0; i < 100 && typed.isEmpty(); i++) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertThat(typed).containsExactly("ls -l\r");
        assertThat(channel.socketInputs()).isEqualTo(1);
        assertThat(fallback).isEmpty();

        // A late "socket closed" notice from the browser must not drop keystrokes still coming over a live socket.
        channel.fallBack();
        ws.sendText("pwd\r", true).join();
        for (int i = 0; i < 100 && typed.size() < 2; i++) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertThat(typed).containsExactly("ls -l\r", "pwd\r");

        // The browser drops its socket: output carries on over the fallback path, nothing is lost.
        ws.sendClose(4000, "gone").join();
        for (int i = 0; i < 100 && channel.socketAttached(); i++) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        channel.output("after".getBytes(StandardCharsets.UTF_8));
        assertThat(fallback).containsExactly("after");

        // The browser comes back with the same ticket: output takes the socket again.
        Recorder back = new Recorder();
        connect(channel, cookieOf(alice), null, back);
        for (int i = 0; i < 100 && !channel.socketAttached(); i++) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        channel.output("resumed".getBytes(StandardCharsets.UTF_8));
        assertThat(next(back)).isEqualTo("resumed");
        assertThat(fallback).containsExactly("after");

        int before = channels.openChannels();
        channel.close();
        assertThat(channels.openChannels()).isEqualTo(before - 1);
    }

    @Test
    void closing_the_terminal_closes_its_socket() throws Exception {
        UserSummary bob = users.create("term", Role.USER);
        TerminalChannel channel = channels.open(bob.username(), t -> {}, b -> {});
        Recorder browser = new Recorder();
        connect(channel, cookieOf(bob), null, browser);
        for (int i = 0; i < 100 && !channel.socketAttached(); i++) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        channel.close();
        assertThat(browser.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(channel.socketAttached()).isFalse();
    }

    @Test
    void another_users_ticket_is_refused_and_falls_back_nowhere() throws Exception {
        UserSummary owner = users.create("term", Role.USER);
        UserSummary intruder = users.create("term", Role.USER);
        CopyOnWriteArrayList<String> typed = new CopyOnWriteArrayList<>();
        TerminalChannel channel = channels.open(owner.username(), typed::add, b -> {});
        Recorder browser = new Recorder();
        WebSocket ws = connect(channel, cookieOf(intruder), null, browser);
        assertThat(browser.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
        assertThat(ws.isOutputClosed() || ws.isInputClosed()).isTrue();
        assertThat(channel.socketAttached()).isFalse();
        assertThat(typed).isEmpty();
        channel.close();
    }

    @Test
    void a_socket_without_a_signed_in_session_or_from_another_site_is_refused() {
        UserSummary carol = users.create("term", Role.USER);
        TerminalChannel channel = channels.open(carol.username(), t -> {}, b -> {});
        // Not signed in: the UI's security chain sends it to the login page.
        assertThat(handshakeStatus(() -> connect(channel, "PIER_SESSION=nonsense", null, new Recorder())))
                .isEqualTo(302);
        assertThat(handshakeStatus(() -> connect(channel, cookieOf(carol), "https://evil.example", new Recorder())))
                .isEqualTo(403);
        assertThat(channel.socketAttached()).isFalse();
        channel.close();
    }
}
