package dev.pier.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Login CSRF: a page on another origin cannot log a victim's browser into the attacker's account. */
class LoginCsrfTest extends BrowserTest {

    @Autowired
    TestUsers testUsers;

    @Test
    void a_page_on_another_origin_cannot_log_the_victim_in() throws Exception {
        var attacker = testUsers.create("attacker", Role.USER);
        String form = "<form id=f method=post action='http://localhost:" + port + "/login'>"
                + "<input name=username value='" + attacker.username() + "'><input name=password value='"
                + TestUsers.PASSWORD + "'></form><script>document.getElementById('f').submit()</script>";
        HttpServer evil = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        evil.createContext("/", exchange -> {
            byte[] body = form.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        evil.start();
        try {
            Page victim = newContext().newPage();
            var response = victim.waitForResponse(
                    r -> r.url().endsWith("/login") && r.request().method().equals("POST"),
                    () -> victim.navigate(
                            "http://127.0.0.1:" + evil.getAddress().getPort() + "/"));
            assertThat(response.status()).isEqualTo(403);
            // The victim is not signed in as anyone: the console sends them to its login page.
            victim.navigate("http://localhost:" + port + "/deployments");
            victim.waitForURL(url -> url.contains("/login"));
            assertThat(victim.url()).contains("/login");
        } finally {
            evil.stop(0);
        }
    }

    @Test
    void behind_an_https_proxy_the_session_cookies_are_secure() throws Exception {
        var user = testUsers.create("secure-cookie", Role.USER);
        HttpClient http = HttpClient.newHttpClient();
        // What a TLS-terminating proxy on this machine forwards: the browser spoke HTTPS to https://localhost.
        HttpResponse<String> login = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-Forwarded-Proto", "https")
                        .header("Origin", "https://localhost")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "username=" + user.username() + "&password=" + TestUsers.PASSWORD))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        List<String> cookies = login.headers().allValues("Set-Cookie");
        assertThat(cookies).anyMatch(c -> c.startsWith("PIER_SESSION=")).anyMatch(c -> c.startsWith("JSESSIONID="));
        assertThat(cookies).allSatisfy(c -> assertThat(c).containsIgnoringCase("; Secure"));
        // Over plain HTTP they are not marked, or the browser would never send them back.
        HttpResponse<String> plain = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Origin", "http://localhost:" + port)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "username=" + user.username() + "&password=" + TestUsers.PASSWORD))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plain.headers().allValues("Set-Cookie"))
                .isNotEmpty()
                .noneMatch(c -> c.toLowerCase().contains("; secure"));
    }

    @Test
    void pages_carry_a_content_security_policy() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .get()
                .asString()
                .contains("default-src 'self'")
                .contains("frame-ancestors 'none'")
                .contains("form-action 'self'");
    }

    @Test
    void a_login_post_without_an_origin_of_this_console_is_refused() throws Exception {
        var user = testUsers.create("csrf-http", Role.USER);
        HttpClient http = HttpClient.newHttpClient();
        String body = "username=" + user.username() + "&password=" + TestUsers.PASSWORD;
        for (String origin : new String[] {null, "http://evil.example", "null"}) {
            var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (origin != null) {
                request.header("Origin", origin);
            }
            HttpResponse<String> refused = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as("Origin %s", origin).isEqualTo(403);
            assertThat(refused.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("PIER_SESSION="));
        }
    }
}
