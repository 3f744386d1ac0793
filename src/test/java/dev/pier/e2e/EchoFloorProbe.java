package dev.pier.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.util.List;
import java.util.Map;

/**
 * The floor under every network echo in this browser, without Pier and without xterm: a plain page sends each keydown
 * to the loopback echo server and writes the echo into a div, at once or (with "raf") on the next animation frame as
 * a terminal renderer does. Run by bench/echo-floor.sh; see docs/benchmarks.md.
 */
public final class EchoFloorProbe {
    public static void main(String[] args) throws Exception {
        try (EchoSocketServer echo = new EchoSocketServer();
             Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(BrowserTest.chromium()).setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run")));
            Page page = browser.newPage();
            page.setContent("<textarea id=t></textarea><div id=out></div>");
            page.evaluate("(port) => new Promise(r => { const ws = new WebSocket('ws://127.0.0.1:' + port + '/'); window.ws = ws;"
                    + " window.res = []; window.rtt = []; const out = document.getElementById('out');"
                    + " new MutationObserver(() => { if (window.t0) { window.res.push(performance.now() - window.t0); window.t0 = 0; } }).observe(out, {childList: true, subtree: true, characterData: true});"
                    + " document.getElementById('t').addEventListener('keydown', e => { window.t0 = performance.now(); window.s = performance.now(); ws.send(e.key); });"
                    + " ws.onmessage = m => { window.rtt.push(performance.now() - window.s); " + (args.length > 0 && args[0].equals("raf") ? "requestAnimationFrame(() => out.textContent += m.data);" : "out.textContent += m.data;") + " };"
                    + " ws.onopen = r; })", echo.port());
            page.click("#t");
            for (int i = 0; i < 100; i++) {
                page.keyboard().press("a");
                page.waitForFunction("(n) => window.res.length >= n", i + 1, new Page.WaitForFunctionOptions().setPollingInterval(25));
            }
            System.out.println("keydown->div " + page.evaluate("() => { const s = [...window.res].sort((a,b)=>a-b); return 'p50 ' + s[50].toFixed(1) + ' p99 ' + s[98].toFixed(1); }"));
            System.out.println("send->onmessage " + page.evaluate("() => { const s = [...window.rtt].sort((a,b)=>a-b); return 'p50 ' + s[50].toFixed(1) + ' p99 ' + s[98].toFixed(1); }"));
        }
    }
}
