package dev.pier.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import dev.pier.test.PierIntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the end-to-end tests: a real Chromium (Debian's, never downloaded) driven by Playwright against the shared
 * Spring context's real server.
 */
@PierIntegrationTest
abstract class BrowserTest {

    private static Playwright playwright;
    static Browser browser;

    @LocalServerPort
    int port;

    private final List<BrowserContext> contexts = new ArrayList<>();
    private final List<SocketRefusingProxy> proxies = new ArrayList<>();

    static Path chromium() {
        String configured = System.getenv("PIER_CHROMIUM");
        return Paths.get(configured == null || configured.isBlank() ? "/usr/bin/chromium" : configured);
    }

    @BeforeAll
    static void launch() {
        Path executable = chromium();
        assumeTrue(
                Files.isExecutable(executable),
                "Skipped browser tests: no Chromium at " + executable
                        + ". Install it with 'apt-get install chromium' (or set PIER_CHROMIUM); .ci/run does this.");
        playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(executable)
                        .setHeadless(true)
                        .setArgs(List.of(
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-quic",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync")));
    }

    @AfterAll
    static void close() {
        if (playwright != null) {
            playwright.close();
            playwright = null;
        }
    }

    @BeforeEach
    void checkBrowser() {
        assumeTrue(browser != null, "no browser");
    }

    @AfterEach
    void closeContexts() {
        contexts.forEach(BrowserContext::close);
        contexts.clear();
        for (SocketRefusingProxy proxy : proxies) {
            try {
                proxy.close();
            } catch (IOException e) {
                // Nothing left to do for a test that is over.
            }
        }
        proxies.clear();
    }

    /** A fresh browser profile, like a new browser window with no cookies. */
    BrowserContext newContext() {
        return newContext(port);
    }

    /** A fresh browser profile reaching the console on another port, through a {@link #proxy proxy}. */
    BrowserContext newContext(int port) {
        BrowserContext context =
                browser.newContext(new Browser.NewContextOptions().setBaseURL("http://localhost:" + port));
        context.setDefaultTimeout(20_000);
        contexts.add(context);
        return context;
    }

    /** A proxy in front of the console that refuses the terminal-socket handshakes {@code refuse} picks. */
    SocketRefusingProxy proxy(IntPredicate refuse) {
        try {
            SocketRefusingProxy proxy = new SocketRefusingProxy(port, refuse);
            proxies.add(proxy);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }
}
