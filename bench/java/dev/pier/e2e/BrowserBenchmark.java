package dev.pier.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.TimeoutError;
import dev.pier.bench.BenchConsole;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Browser figures for docs/benchmarks.md, measured in Debian's Chromium against the whole system (console + embedded
 * provider in this JVM, reached over HTTP/WebSocket): keystroke-to-echo in the shell next to two baselines run the same
 * way in the same page (xterm.js echoing locally; a raw WebSocket echo server on loopback), time from opening the Logs
 * tab to its first line, and log lines/s rendered while a service floods stdout. Run by bench/browser.sh; not a test.
 */
public final class BrowserBenchmark {

    private static final String ADMIN_PASSWORD = BenchConsole.ADMIN_PASSWORD;
    /**
     * Playwright's press() releases the key a millisecond after pressing it, which no person does; with
     * -Dbench.keyup=after-echo the key goes up only after its echo was seen (a typist holds a key ~100 ms).
     */
    private static final boolean RELEASE_AFTER_ECHO = "after-echo".equals(System.getProperty("bench.keyup"));

    private static final String VISIBLE =
            "[...document.querySelectorAll('pier-terminal')].find(e => e.offsetParent !== null)";
    /** The test API (testProbe in pier-terminal.ts) of the terminal pane on screen; undefined while there is none. */
    private static final String TEST_API = VISIBLE + "?.testProbe";

    /** Installs the probe: keydown (capturing, on window) starts the clock; the echo showing in the rows stops it. */
    private static final String PROBE = """
            (selector) => {
              const el = selector ? document.querySelector(selector) : %s;
              const rows = el.renderRoot.querySelector('.xterm-rows');
              const probe = { expected: null, t0: 0, results: [] };
              const check = () => {
                if (probe.expected !== null && probe.t0 > 0 && rows.textContent.includes(probe.expected)) {
                  probe.results.push(performance.now() - probe.t0);
                  probe.expected = null;
                }
              };
              if (window.__probeObserver) window.__probeObserver.disconnect();
              window.__probeObserver = new MutationObserver(check);
              window.__probeObserver.observe(rows, { childList: true, subtree: true, characterData: true });
              if (!window.__probeKeys) {
                window.__probeKeys = true;
                window.addEventListener('keydown', () => {
                  if (window.__probe && window.__probe.expected !== null && window.__probe.t0 === 0) {
                    window.__probe.t0 = performance.now();
                  }
                }, true);
              }
              window.__probe = probe;
            }""".formatted(VISIBLE);

    public static void main(String[] args) throws Exception {
        int keystrokes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int floodSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        BenchConsole bench = BenchConsole.start("browserbench");
        ConfigurableApplicationContext console = bench.context;
        try (EchoSocketServer echo = new EchoSocketServer();
                Playwright playwright = Playwright.create(
                        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            int port = bench.port;
            long userId = bench.adminId;
            long accountId = bench.accountId;
            String provider = bench.provider.address();
            DeploymentService deployments = console.getBean(DeploymentService.class);
            DeploymentSummary shell =
                    deployments.create(userId, "admin", accountId, provider, "bench shell", """
                    version: "1"
                    services:
                      ticker:
                        command: ["sh", "-c", "i=0; while true; do echo hello $i; i=$((i+1)); sleep 1; done"]
                    """, step -> {});

            Browser browser = playwright
                    .chromium()
                    .launch(new BrowserType.LaunchOptions()
                            .setExecutablePath(BrowserTest.chromium())
                            .setHeadless(true)
                            .setArgs(List.of(
                                    "--no-sandbox",
                                    "--disable-gpu",
                                    "--no-first-run",
                                    "--enable-precise-memory-info")));
            Page page = browser.newContext(new Browser.NewContextOptions()
                            .setBaseURL("http://localhost:" + port)
                            .setViewportSize(1280, 900))
                    .newPage();
            LoginPage.open(page).logIn("admin", ADMIN_PASSWORD);

            // Time to first line: warm up once (JIT, token cache), then measure.
            List<Double> pageLoad = new ArrayList<>();
            List<Double> tabOpen = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                page.navigate("/deployments/" + shell.dseq() + "/logs");
                double sinceNavigation = ((Number) page.waitForFunction(
                                        "() => { const t = %s; return t && t.linesParsed() > 0 && performance.now(); }"
                                                .formatted(TEST_API),
                                        null,
                                        new Page.WaitForFunctionOptions().setPollingInterval(2))
                                .jsonValue())
                        .doubleValue();
                page.navigate("/deployments/" + shell.dseq());
                page.locator("vaadin-tab[selected]").waitFor();
                page.evaluate("() => { window.__clicked = 0; document.addEventListener('click', () => "
                        + "window.__clicked = performance.now(), { capture: true, once: true }); }");
                page.locator("vaadin-tab", new Page.LocatorOptions().setHasText("Logs"))
                        .click();
                Number firstLine = (Number) page.waitForFunction(
                                ("() => { const t = %s; return t && t.linesParsed() > 0 && performance.now() - "
                                                + "window.__clicked; }")
                                        .formatted(TEST_API),
                                null,
                                new Page.WaitForFunctionOptions().setPollingInterval(2))
                        .jsonValue();
                if (i > 0) {
                    pageLoad.add(sinceNavigation);
                    tabOpen.add(firstLine.doubleValue());
                }
            }

            // Keystroke to echo: Pier's full path, then the two baselines in the same page.
            page.navigate("/deployments/" + shell.dseq() + "/shell");
            page.waitForFunction(("() => { const t = %s; return t && t.socketState() === 'open' && "
                            + "(t.visibleText().includes('$') || t.visibleText().includes('#')); }")
                    .formatted(TEST_API));
            page.locator("pier-terminal:visible").click();
            List<Double> pier = measureKeystrokes(page, null, keystrokes);

            // The same shell with the terminal socket refused: keystrokes and output take Vaadin's per-event path.
            SocketRefusingProxy refusing = new SocketRefusingProxy(port, attempt -> true);
            Page fallback = browser.newContext(new Browser.NewContextOptions()
                            .setBaseURL("http://localhost:" + refusing.port())
                            .setViewportSize(1280, 900))
                    .newPage();
            LoginPage.open(fallback).logIn("admin", ADMIN_PASSWORD);
            fallback.navigate("/deployments/" + shell.dseq() + "/shell");
            fallback.waitForFunction(("() => { const t = %s; return t && t.socketState() === 'closed' && "
                            + "(t.visibleText().includes('$') || t.visibleText().includes('#')); }")
                    .formatted(TEST_API));
            fallback.locator("pier-terminal:visible").click();
            List<Double> vaadinPath = measureKeystrokes(fallback, null, keystrokes);
            fallback.context().close();
            refusing.close();
            page.context().close();
            // The console's CSP lets a page open sockets to its own origin only; the baselines run in a context that
            // bypasses it, so the raw baseline can reach the echo server on its own port.
            page = browser.newContext(new Browser.NewContextOptions()
                            .setBaseURL("http://localhost:" + port)
                            .setViewportSize(1280, 900)
                            .setBypassCSP(true))
                    .newPage();
            LoginPage.open(page).logIn("admin", ADMIN_PASSWORD);
            page.navigate("/deployments/" + shell.dseq() + "/shell");
            page.waitForFunction("() => { const t = %s; return t && t.socketState() === 'open'; }".formatted(TEST_API));

            page.evaluate("""
                    () => {
                      const local = document.createElement('pier-terminal');
                      local.id = 'bench-local';
                      local.style.cssText = 'position:fixed;left:0;top:0;width:640px;height:300px;z-index:10000';
                      document.body.appendChild(local);
                      local.addEventListener('terminal-data', e => local.write(e.detail.data));
                    }""");
            page.locator("#bench-local").click();
            List<Double> local = measureKeystrokes(page, "#bench-local", keystrokes);

            page.evaluate("""
                    (port) => new Promise(resolve => {
                      const raw = document.createElement('pier-terminal');
                      raw.id = 'bench-raw';
                      raw.style.cssText = 'position:fixed;left:0;top:320px;width:640px;height:300px;z-index:10000';
                      document.body.appendChild(raw);
                      const ws = new WebSocket('ws://127.0.0.1:' + port + '/');
                      window.__rtt = [];
                      ws.onmessage = m => { window.__rtt.push(performance.now() - window.__sent); raw.write(m.data); };
                      raw.addEventListener('terminal-data', e => {
                        window.__sent = performance.now();
                        ws.send(e.detail.data);
                      });
                      ws.onopen = () => resolve();
                    })""", echo.port());
            // Context for the raw baseline: a loopback round trip with nothing else happening on the page.
            String idlePing = String.valueOf(page.evaluate("""
                    (port) => new Promise(resolve => {
                      const ws = new WebSocket('ws://127.0.0.1:' + port + '/');
                      const times = []; let t0 = 0;
                      ws.onopen = () => { t0 = performance.now(); ws.send('x'); };
                      ws.onmessage = () => {
                        times.push(performance.now() - t0);
                        if (times.length < 50) {
                          t0 = performance.now();
                          ws.send('x');
                        } else {
                          times.sort((a, b) => a - b);
                          resolve(times[25].toFixed(1) + ' ms, max ' + times[49].toFixed(1) + ' ms');
                        }
                      };
                    })""", echo.port()));
            page.locator("#bench-raw").click();
            List<Double> raw = measureKeystrokes(page, "#bench-raw", keystrokes);
            @SuppressWarnings("unchecked")
            List<Number> rtt = (List<Number>) page.evaluate("() => window.__rtt");
            List<Double> rawRoundTrip = rtt.stream().map(Number::doubleValue).toList();

            // Log flood: lines/s xterm parses in the Logs tab, and the page's memory over time.
            DeploymentSummary flood =
                    deployments.create(userId, "admin", accountId, provider, "bench flood", """
                    version: "1"
                    services:
                      flood:
                        command: ["sh", "-c", "yes 'log line with some typical payload text 0123456789 abcdefghij'"]
                    """, step -> {});
            page.navigate("/deployments/" + flood.dseq() + "/logs");
            page.waitForFunction("() => { const t = %s; return t && t.linesParsed() > 0; }".formatted(TEST_API));
            page.waitForTimeout(2000);
            double[] start = sample(page);
            List<String> heap = new ArrayList<>();
            for (int s = 0; s < floodSeconds; s++) {
                page.waitForTimeout(1000);
                heap.add(String.format(Locale.ROOT, "%.0f", sample(page)[2] / 1e6));
            }
            double[] end = sample(page);
            double linesPerSecond = (end[0] - start[0]) / ((end[1] - start[1]) / 1000);
            long bufferLines = ((Number) page.evaluate(
                            "() => %s.renderRoot.querySelector('.xterm-rows') && %s.visibleText().split('\\n').length"
                                    .formatted(VISIBLE, TEST_API)))
                    .longValue();
            deployments.close(userId, flood.dseq());

            System.out.println();
            System.out.println("Browser benchmark (Chromium " + browser.version() + ", " + keystrokes
                    + " keystrokes each, key released "
                    + (RELEASE_AFTER_ECHO ? "after its echo" : "at once (Playwright press)") + ")");
            System.out.println(row("Pier shell (browser -> console -> provider -> PTY -> back)", pier));
            System.out.println(row("Pier shell over the Vaadin fallback (terminal socket refused)", vaadinPath));
            System.out.println(row("Baseline: xterm.js local echo", local));
            System.out.println(row("Baseline: raw WebSocket echo on loopback", raw));
            System.out.println(row("  its send -> onmessage while typing", rawRoundTrip));
            System.out.println("  its send -> onmessage on an idle page: p50 " + idlePing);
            System.out.println(row("Logs tab opened -> first line rendered", tabOpen));
            System.out.println(row("Logs page navigated -> first line rendered", pageLoad));
            System.out.printf(
                    Locale.ROOT,
                    "Log flood: %.0f lines/s parsed by xterm over %d s; JS heap MB per second: %s; terminal "
                            + "buffer lines at end: %d%n",
                    linesPerSecond,
                    floodSeconds,
                    String.join(" ", heap),
                    bufferLines);
            browser.close();
        } finally {
            console.close();
        }
    }

    /** Lines parsed so far, the page's clock, and its JS heap. */
    private static double[] sample(Page page) {
        @SuppressWarnings("unchecked")
        List<Number> values = (List<Number>) page.evaluate(
                "() => [%s.linesParsed(), performance.now(), performance.memory.usedJSHeapSize]".formatted(TEST_API));
        return new double[] {
            values.get(0).doubleValue(),
            values.get(1).doubleValue(),
            values.get(2).doubleValue()
        };
    }

    /**
     * Types comment lines ("#" + a letter, unmeasured, then 20 measured characters, then Enter) so each expected text
     * is unique on screen and the shell runs nothing.
     */
    private static List<Double> measureKeystrokes(Page page, String selector, int count) {
        page.evaluate(PROBE, selector);
        List<Double> results = new ArrayList<>();
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        int line = 0;
        while (results.size() < count) {
            String prefix = "#" + (char) ('A' + line % 26) + (line / 26);
            page.keyboard().type(prefix);
            page.waitForTimeout(50);
            StringBuilder typed = new StringBuilder(prefix);
            for (int i = 0; i < 20 && results.size() < count; i++) {
                char c = alphabet.charAt((line * 7 + i) % alphabet.length());
                typed.append(c);
                page.evaluate(
                        "(expected) => { window.__probe.expected = expected; window.__probe.t0 = 0; }",
                        typed.toString());
                if (RELEASE_AFTER_ECHO) {
                    page.keyboard().down(String.valueOf(c));
                } else {
                    page.keyboard().press(String.valueOf(c));
                }
                try {
                    // Polled by a timer, not every animation frame: forcing frames would change what is measured.
                    page.waitForFunction(
                            "(n) => window.__probe.results.length >= n",
                            results.size() + 1,
                            new Page.WaitForFunctionOptions().setPollingInterval(25));
                } catch (TimeoutError e) {
                    throw new IllegalStateException(
                            "No echo of '" + typed + "' on screen; the terminal shows:\n"
                                    + page.evaluate(
                                            ("(s) => { const t = (s ? document.querySelector(s) : %s).testProbe; "
                                                            + "return t.socketState() + ' ' + t.visibleText().trim()"
                                                            + ".split('\\n').slice(-5).join('\\n'); }")
                                                    .formatted(VISIBLE),
                                            selector),
                            e);
                }
                if (RELEASE_AFTER_ECHO) {
                    page.keyboard().up(String.valueOf(c));
                }
                @SuppressWarnings("unchecked")
                List<Number> all = (List<Number>) page.evaluate("() => window.__probe.results");
                results.add(all.get(all.size() - 1).doubleValue());
            }
            page.keyboard().press("Enter");
            page.waitForTimeout(30);
            line++;
        }
        return results;
    }

    private static String row(String name, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return String.format(
                Locale.ROOT,
                "%-62s p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (n=%d)",
                name,
                percentile(sorted, 0.50),
                percentile(sorted, 0.99),
                sorted.get(sorted.size() - 1),
                sorted.size());
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
