package dev.pier.capacity;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One browser session spoken at the protocol level, as Vaadin Flow 24's client does it: the Spring Security form login
 * (its CSRF token from the login page, an Origin header for Pier's same-origin check), {@code ?v-r=init} to create a
 * UI, a {@code ui-navigate} event over UIDL to show a route, Vaadin push over WebSocket (Atmosphere, as the client
 * opens it), and Pier's terminal socket for a shell. No JavaScript runs: the server keeps the same UI, streams and
 * sockets as for a browser tab, which is what capacity is about.
 */
final class UiClient implements AutoCloseable {

    private static final String PERSISTENT_LOGIN = "PIER_SESSION";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" content=\"([^\"]+)\"");
    private static final Pattern SYNC_ID = Pattern.compile("\"syncId\":(\\d+)");
    private static final Pattern CLIENT_ID = Pattern.compile("\"clientId\":(\\d+)");
    private static final Pattern TICKET = Pattern.compile("terminal-socket/([A-Za-z0-9_-]+)");
    private static final Pattern STRING = Pattern.compile("\"(Vaadin-Security-Key|Vaadin-Push-ID)\":\"([^\"]+)\"");

    private final HttpClient http;
    private final String base;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final List<WebSocket> sockets = new CopyOnWriteArrayList<>();
    private volatile WebSocket terminal;
    private int uiId;
    private String securityKey = "";
    private String pushId = "";
    private volatile int syncId;
    private int clientId;

    UiClient(HttpClient http, int port) {
        this.http = http;
        this.base = "http://localhost:" + port + "/";
    }

    static HttpClient httpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Signs in through the login form, as the browser posts it. */
    void logIn(String username, String password) throws IOException, InterruptedException {
        String page = send(get("login")).body();
        Matcher csrf = CSRF.matcher(page);
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on the login page");
        }
        String form =
                "username=" + encode(username) + "&password=" + encode(password) + "&_csrf=" + encode(csrf.group(1));
        HttpResponse<String> posted = send(request("login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", base.substring(0, base.length() - 1))
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        String location = posted.headers().firstValue("Location").orElse("");
        if (posted.statusCode() != 302 || location.contains("login")) {
            throw new IllegalStateException("login refused: " + posted.statusCode() + " " + location);
        }
    }

    /**
     * Signs in as a returning browser does: with the persistent login cookie of {@code signedIn} only, so Spring
     * Security's remember-me makes a new HTTP session (its own JSESSIONID, its own UIs) without another BCrypt check.
     */
    void adopt(UiClient signedIn) {
        cookies.put(PERSISTENT_LOGIN, signedIn.cookies.get(PERSISTENT_LOGIN));
    }

    /** Creates a UI (the page load) and navigates it to {@code route}; returns the UIDL of the navigation. */
    String open(String route) throws IOException, InterruptedException {
        String init =
                send(get("?v-r=init&location=" + encode(route) + "&query=")).body();
        Matcher ui = Pattern.compile("\"v-uiId\":(\\d+)").matcher(init);
        if (!ui.find()) {
            throw new IllegalStateException(
                    "no UI in the init response: " + init.substring(0, Math.min(300, init.length())));
        }
        uiId = Integer.parseInt(ui.group(1));
        Matcher strings = STRING.matcher(init);
        while (strings.find()) {
            if (strings.group(1).equals("Vaadin-Security-Key")) {
                securityKey = strings.group(2);
            } else {
                pushId = strings.group(2);
            }
        }
        track(init);
        return navigate(route);
    }

    /** Navigates the UI as a router link or a tab click does: a {@code ui-navigate} event to the UI's body node. */
    String navigate(String route) throws IOException, InterruptedException {
        String data = "{\"route\":\"" + route + "\",\"query\":\"\",\"appShellTitle\":\"\",\"historyState\":{\"idx\":0},"
                + "\"trigger\":\"\"}";
        return rpc("[{\"type\":\"event\",\"node\":1,\"event\":\"ui-navigate\",\"data\":" + data + "}]");
    }

    /** A heartbeat, as an open tab sends one every heartbeat interval (300 s) to keep its UI. */
    void heartbeat() throws IOException, InterruptedException {
        send(request("?v-r=heartbeat&v-uiId=" + uiId).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private synchronized String rpc(String calls) throws IOException, InterruptedException {
        String body = "{\"csrfToken\":\"" + securityKey + "\",\"rpc\":" + calls + ",\"syncId\":" + syncId
                + ",\"clientId\":" + clientId + "}";
        HttpResponse<String> response = send(request("?v-r=uidl&v-uiId=" + uiId)
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (response.statusCode() != 200 || !response.body().startsWith("for(;;);")) {
            throw new IllegalStateException("UIDL answered " + response.statusCode() + ": " + response.body());
        }
        track(response.body());
        return response.body();
    }

    private void track(String uidl) {
        Matcher sync = SYNC_ID.matcher(uidl);
        if (sync.find()) {
            syncId = Math.max(syncId, Integer.parseInt(sync.group(1)));
        }
        Matcher client = CLIENT_ID.matcher(uidl);
        if (client.find()) {
            clientId = Integer.parseInt(client.group(1));
        }
    }

    /**
     * Connects push as Vaadin's client does (Atmosphere over WebSocket); every message the server pushes goes to
     * {@code messages} with the time it arrived.
     */
    CompletableFuture<WebSocket> connectPush(Consumer<String> messages) {
        String query = "v-r=push&v-uiId=" + uiId + "&v-pushId=" + encode(pushId)
                + "&X-Atmosphere-tracking-id=0&X-Atmosphere-Framework=3.1.5-javascript"
                + "&X-Atmosphere-Transport=websocket&X-Atmosphere-TrackMessageSize=true"
                + "&Content-Type=" + encode("application/json; charset=UTF-8") + "&X-atmo-protocol=true";
        return socket("VAADIN/push?" + query, new TextListener(text -> {
            track(text);
            messages.accept(text);
        }));
    }

    /** The terminal socket whose ticket a shell's UIDL carries; binary frames (the output) go to {@code output}. */
    CompletableFuture<WebSocket> connectTerminal(String uidl, Consumer<byte[]> output) {
        Matcher ticket = TICKET.matcher(uidl);
        if (!ticket.find()) {
            throw new IllegalStateException("no terminal socket in the shell's UIDL");
        }
        return socket("terminal-socket/" + ticket.group(1), new TerminalListener(output))
                .thenApply(socket -> terminal = socket);
    }

    /** Sends typed data on the terminal socket, as the page's worker does on a keydown. */
    void type(String text) {
        terminal.sendText(text, true).join();
    }

    private CompletableFuture<WebSocket> socket(String path, WebSocket.Listener listener) {
        return http.newWebSocketBuilder()
                .header("Cookie", cookieHeader())
                .header("Origin", base.substring(0, base.length() - 1))
                .connectTimeout(Duration.ofSeconds(20))
                .buildAsync(URI.create(base.replace("http:", "ws:") + path), listener)
                .thenApply(socket -> {
                    sockets.add(socket);
                    return socket;
                });
    }

    private HttpRequest.Builder get(String path) {
        return request(path).GET();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (!cookies.isEmpty()) {
            builder.header("Cookie", cookieHeader());
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String set : response.headers().allValues("Set-Cookie")) {
            String pair = set.split(";", 2)[0];
            int eq = pair.indexOf('=');
            cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return response;
    }

    private synchronized String cookieHeader() {
        StringBuilder header = new StringBuilder();
        cookies.forEach((name, value) -> header.append(header.isEmpty() ? "" : "; ")
                .append(name)
                .append('=')
                .append(value));
        return header.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        for (WebSocket socket : sockets) {
            socket.abort();
        }
        sockets.clear();
    }

    /** Collects text frames (Atmosphere may split one message over several) and hands each whole frame on. */
    private static final class TextListener implements WebSocket.Listener {
        private final Consumer<String> messages;
        private final StringBuilder partial = new StringBuilder();

        TextListener(Consumer<String> messages) {
            this.messages = messages;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.accept(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }

    private static final class TerminalListener implements WebSocket.Listener {
        private final Consumer<byte[]> output;

        TerminalListener(Consumer<byte[]> output) {
            this.output = output;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            output.accept(bytes);
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            output.accept(data.toString().getBytes(StandardCharsets.UTF_8));
            socket.request(1);
            return null;
        }
    }
}
