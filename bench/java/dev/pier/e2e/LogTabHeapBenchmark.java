package dev.pier.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.pier.bench.BenchConsole;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Server heap per open Logs tab: Chromium tabs (each its own browser session) first on a deployment's Status tab, then
 * on its Logs tab while a service floods stdout; the difference in heap used after full GCs, divided by the tabs, is
 * what one open Logs tab costs the console. Run by bench/log-tab-heap.sh; not a test.
 */
public final class LogTabHeapBenchmark {

    private static final String ADMIN_PASSWORD = BenchConsole.ADMIN_PASSWORD;

    public static void main(String[] args) throws Exception {
        int tabs = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        // Lines per second the service writes; 0: as fast as it can (a flood the browser cannot keep up with).
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        String writes = rate == 0
                ? "i=0; while true; do echo \"line $i of a service that writes a lot\"; i=$((i+1)); done"
                : "i=0; while true; do j=0; while [ $j -lt " + Math.max(1, rate / 10)
                        + " ]; do echo \"line $i of a service that writes a lot\"; i=$((i+1)); j=$((j+1)); done;"
                        + " usleep 100000; done";
        BenchConsole bench = BenchConsole.start("heapbench");
        ConfigurableApplicationContext console = bench.context;
        try (Playwright playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            int port = bench.port;
            long userId = bench.adminId;
            long accountId = bench.accountId;
            String provider = bench.provider.address();
            DeploymentSummary flood = console.getBean(DeploymentService.class)
                    .create(
                            userId,
                            "admin",
                            accountId,
                            provider,
                            "heap bench",
                            """
                    version: "1"
                    services:
                      flood:
                        command: ["sh", "-c"]
                        args: [%s]
                    """.formatted(new ObjectMapper().writeValueAsString(writes)),
                            step -> {});
            Browser browser = playwright
                    .chromium()
                    .launch(new BrowserType.LaunchOptions()
                            .setExecutablePath(BrowserTest.chromium())
                            .setHeadless(true)
                            .setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run")));
            List<Page> pages = new ArrayList<>();
            for (int i = 0; i < tabs; i++) {
                Page page = browser.newContext(new Browser.NewContextOptions()
                                .setBaseURL("http://localhost:" + port)
                                .setViewportSize(1280, 900))
                        .newPage();
                LoginPage.open(page).logIn("admin", ADMIN_PASSWORD);
                page.navigate("/deployments/" + flood.dseq() + "/status");
                page.waitForSelector("vaadin-grid");
                pages.add(page);
            }
            // The provider (in this JVM) keeps the last 50,000 lines of the lease: let that ring fill first, so
            // what grows from here is the tabs'.
            Thread.sleep(rate == 0 ? 3000 : (50_000L / rate + 5) * 1000);
            long statusOnly = heapAfterGc();
            for (Page page : pages) {
                page.navigate("/deployments/" + flood.dseq() + "/logs");
            }
            Thread.sleep(seconds * 1000L);
            long withLogs = heapAfterGc();
            System.out.printf(
                    Locale.ROOT,
                    "%d tabs: heap %,d KiB on Status, %,d KiB on Logs after %d s at %s%n",
                    tabs,
                    statusOnly / 1024,
                    withLogs / 1024,
                    seconds,
                    rate == 0 ? "a flood" : rate + " lines/s");
            System.out.printf(
                    Locale.ROOT, "server heap per open Logs tab: %,d KiB%n", (withLogs - statusOnly) / tabs / 1024);
            browser.close();
        } finally {
            console.close();
        }
        System.exit(0);
    }

    private static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
