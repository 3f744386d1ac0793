package dev.pier.capacity;

import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JS heap of one Chromium tab (Debian's Chromium, headless, as the browser tests run it), read over the DevTools
 * protocol after a forced garbage collection: on the deployments list, then with the Logs and Shell tabs of a
 * deployment open.
 */
final class BrowserHeap {

    private BrowserHeap() {}

    /** For each of {@code times} fresh contexts: {list bytes, logs and shell bytes}. */
    static List<double[]> measure(int port, long dseq, int times) {
        List<double[]> heaps = new ArrayList<>();
        try (Playwright playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            String chromium = System.getenv().getOrDefault("PIER_CHROMIUM", "/usr/bin/chromium");
            Browser browser = playwright
                    .chromium()
                    .launch(new BrowserType.LaunchOptions()
                            .setExecutablePath(Path.of(chromium))
                            .setHeadless(true)
                            .setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run")));
            for (int i = 0; i < times; i++) {
                BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                        .setBaseURL("http://localhost:" + port)
                        .setViewportSize(1280, 900));
                Page page = context.newPage();
                page.navigate("/login");
                page.locator("input[name='username']").fill("admin");
                page.locator("input[name='password']").fill(PierProcess.ADMIN_PASSWORD);
                page.locator("vaadin-button[slot='submit']").click();
                page.waitForURL(url -> !url.contains("/login"));
                page.navigate("/deployments");
                page.locator("vaadin-grid").first().waitFor();
                page.waitForTimeout(2000);
                CDPSession cdp = context.newCDPSession(page);
                double list = heap(cdp);
                page.navigate("/deployments/" + dseq + "/logs");
                page.waitForFunction("() => [...document.querySelectorAll('pier-terminal')]"
                        + ".some(t => t.testProbe && t.testProbe.linesParsed() > 0)");
                page.locator("vaadin-tab", new Page.LocatorOptions().setHasText("Shell"))
                        .click();
                page.waitForFunction("() => [...document.querySelectorAll('pier-terminal')]"
                        + ".some(t => t.offsetParent !== null && t.testProbe && t.testProbe.socketState() === 'open')");
                page.waitForTimeout(3000);
                double open = heap(cdp);
                System.out.printf(
                        "browser tab %d: JS heap %.1f MiB on the list, %.1f MiB with Logs and Shell%n",
                        i + 1, list / 1048576, open / 1048576);
                heaps.add(new double[] {list, open});
                context.close();
            }
            browser.close();
        }
        return heaps;
    }

    private static double heap(CDPSession cdp) {
        cdp.send("HeapProfiler.enable");
        cdp.send("HeapProfiler.collectGarbage");
        JsonObject usage = cdp.send("Runtime.getHeapUsage");
        return usage.get("usedSize").getAsDouble();
    }
}
