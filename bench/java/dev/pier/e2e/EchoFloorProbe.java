package dev.pier.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The floor under every network echo in this browser, without Pier and without xterm: a plain page (served cross-origin
 * isolated, as the console is) sends each keydown to the loopback echo server and writes the echo into a div. Modes:
 * "main" (socket on the page, echo written when its message is handled), "main-frame" (the same, written on the next
 * animation frame as a terminal renderer does), "worker-shared" (socket in a worker that copies the echo into shared
 * memory, read by the page from animation frames, as Pier's terminal does). Extra arguments are Chromium flags, e.g.
 * --disable-features=DeferRendererTasksAfterInput. Run by bench/echo-floor.sh.
 */
public final class EchoFloorProbe {

    private static final String PAGE = """
            <textarea id=t></textarea><div id=out></div>
            <script>
            window.setUp = (port, mode) => new Promise(ready => {
              const out = document.getElementById('out');
              window.res = []; window.rtt = []; let t0 = 0;
              new MutationObserver(() => { if (t0) { res.push(performance.now() - t0); t0 = 0; } })
                .observe(out, { childList: true, subtree: true, characterData: true });
              const url = 'ws://127.0.0.1:' + port + '/';
              if (mode === 'worker-shared') {
                const shared = new SharedArrayBuffer(4); const count = new Int32Array(shared); let taken = 0;
                const worker = new Worker(URL.createObjectURL(new Blob([
                  "let c; const ws = new WebSocket('" + url + "'); ws.onopen = () => postMessage('open');"
                  + " ws.onmessage = () => { Atomics.add(c, 0, 1); postMessage('data'); };"
                  + " onmessage = e => { if (e.data.shared) c = new Int32Array(e.data.shared); else "
                  + "ws.send(e.data); };"])));
                worker.postMessage({ shared });
                const take = () => { const n = Atomics.load(count, 0); if (n === taken) return false;
                  rtt.push(performance.now() - window.sent); taken = n; out.textContent += 'a'; return true; };
                worker.onmessage = m => { if (m.data === 'open') ready(); else take(); };
                document.getElementById('t').addEventListener('keydown', () => {
                  t0 = window.sent = performance.now(); worker.postMessage('a');
                  const look = () => { if (!take()) requestAnimationFrame(look); }; requestAnimationFrame(look); });
              } else {
                const ws = new WebSocket(url); ws.onopen = ready;
                ws.onmessage = m => { rtt.push(performance.now() - window.sent);
                  if (mode === 'main-frame') requestAnimationFrame(() => out.textContent += m.data);
                  else out.textContent += m.data; };
                document.getElementById('t').addEventListener('keydown', e => {
                  t0 = window.sent = performance.now(); ws.send(e.key); });
              }
            });
            </script>""";

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "main";
        List<String> flags = new ArrayList<>(List.of("--no-sandbox", "--disable-gpu", "--no-first-run"));
        flags.addAll(List.of(args).subList(Math.min(1, args.length), args.length));
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().add("Cross-Origin-Opener-Policy", "same-origin");
            exchange.getResponseHeaders().add("Cross-Origin-Embedder-Policy", "require-corp");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        try (EchoSocketServer echo = new EchoSocketServer();
                Playwright playwright = Playwright.create(
                        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            Browser browser = playwright
                    .chromium()
                    .launch(new BrowserType.LaunchOptions()
                            .setExecutablePath(BrowserTest.chromium())
                            .setHeadless(true)
                            .setArgs(flags));
            Page page = browser.newPage();
            page.navigate("http://127.0.0.1:" + http.getAddress().getPort() + "/");
            page.evaluate("([port, mode]) => setUp(port, mode)", List.of(echo.port(), mode));
            page.click("#t");
            for (int i = 0; i < 100; i++) {
                page.keyboard().press("a");
                page.waitForFunction(
                        "(n) => window.res.length >= n",
                        i + 1,
                        new Page.WaitForFunctionOptions().setPollingInterval(25));
            }
            String summary = "(name) => { const s = [...window[name]].sort((a, b) => a - b);"
                    + " return 'p50 ' + s[50].toFixed(1) + ' ms, p99 ' + s[98].toFixed(1) + ' ms'; }";
            System.out.println(
                    mode + " " + flags.subList(3, flags.size()) + ": keydown -> div " + page.evaluate(summary, "res")
                            + "; sent -> echo seen by the page " + page.evaluate(summary, "rtt"));
        } finally {
            http.stop(0);
        }
    }
}
