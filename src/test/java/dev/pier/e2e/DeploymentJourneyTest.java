package dev.pier.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.pier.account.AccountService;
import dev.pier.base.terminal.TerminalChannels;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.deployment.SampleManifests;
import dev.pier.provider.client.ProviderClient;
import dev.pier.test.MutableClock;
import dev.pier.test.ProviderTestSupport;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserService;
import dev.pier.user.UserSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** In Chromium: create a deployment from a sample, open it, and see its log lines arrive in the terminal pane. */
class DeploymentJourneyTest extends BrowserTest {

    /** The terminal pane on screen (each tab keeps its own; hidden ones have no offsetParent). */
    private static final String VISIBLE =
            "[...document.querySelectorAll('pier-terminal')].find(e => e.offsetParent !== null)";
    /** The test API (testProbe in pier-terminal.ts) of the terminal pane on screen; undefined while there is none. */
    private static final String TEST_API = VISIBLE + "?.testProbe";

    @Autowired
    TestUsers testUsers;

    @Autowired
    MutableClock clock;

    @Test
    void deploy_a_sample_and_watch_its_logs() {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        UserSummary user = testUsers.create("journey", Role.USER);
        Page page = newContext().newPage();
        LoginPage.open(page).logIn(user.username(), TestUsers.PASSWORD);

        page.locator("#new-deployment").click();
        page.getByLabel("Name").fill("hello from chromium");
        // The dialog's second select offers the samples (the first chooses the provider).
        page.locator("vaadin-dialog-overlay vaadin-select").nth(1).click();
        page.locator("vaadin-select-item", new Page.LocatorOptions().setHasText("Hello ticker"))
                .click();
        page.locator("#deploy").click();

        // Once deployed, the wizard opens the new deployment.
        page.waitForURL(url -> url.matches(".*/deployments/\\d+$"));
        page.getByText("hello from chromium").first().waitFor();
        page.locator("vaadin-tab", new Page.LocatorOptions().setHasText("Logs")).click();
        page.waitForURL(url -> url.endsWith("/logs"));
        page.waitForFunction(
                "() => { const t = " + TEST_API + ";" + " return t && t.visibleText().includes('hello 1'); }");
        String text = (String) page.evaluate("() => " + TEST_API + ".visibleText()");
        assertThat(text).contains("ticker-0").contains("hello 0").doesNotContain("<");

        // The full log downloads from the tab, with its progress shown beside the link.
        Download download =
                page.waitForDownload(() -> page.locator("#download-log").click());
        assertThat(download.suggestedFilename()).matches("deployment-\\d+\\.log");
        String log;
        try {
            log = Files.readString(download.path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(log).contains("ticker-0 stdout hello 0").contains("ticker-0 stdout hello 1");
        page.waitForFunction(
                "() => /^Downloaded [\\d,]+ lines\\.$/.test(document.querySelector('#download-progress').textContent)");

        page.locator("vaadin-tab", new Page.LocatorOptions().setHasText("Shell"))
                .click();
        page.waitForURL(url -> url.endsWith("/shell"));
        typeInShell(page, "echo he''llo from the shell");
        awaitShellText(page, "hello from the shell");
        // Keystrokes and echo took the terminal socket, not Vaadin's per-event round trip.
        assertThat(page.evaluate("() => " + TEST_API + ".socketState()")).isEqualTo("open");
        assertThat(terminals.attachedSockets()).isGreaterThan(0);
        // The echo is drawn in its own frame through xterm's private renderer (frontend/xterm-internals.ts).
        assertThat(page.evaluate("() => " + TEST_API + ".renderFlushCheck()"))
                .as("xterm changed its private renderer: revisit flushPendingRender in frontend/xterm-internals.ts"
                        + " (renderNow in pier-terminal.ts), or the shell's echo shows a frame late")
                .isEqualTo("ok");

        // A larger font means fewer rows in the same space, and the PTY is told.
        int rows = ((Number) page.evaluate(
                        "() => document.querySelector('pier-terminal:not([hidden])') && " + TEST_API + ".rowCount()"))
                .intValue();
        for (int i = 0; i < 6; i++) {
            page.locator("#font-larger").click();
        }
        page.waitForFunction("(before) => " + TEST_API + ".rowCount() < before", rows);
        typeInShell(page, "stty size | cut -d' ' -f1 | sed 's/^/ROWS=/'");
        page.waitForFunction("() => /ROWS=\\d+/.test(" + TEST_API + ".visibleText())");
        int ptyRows = Integer.parseInt(
                ((String) page.evaluate("() => " + TEST_API + ".visibleText().match(/ROWS=(\\d+)/)[1]")));
        assertThat(ptyRows).isLessThan(rows);

        // A reload keeps the login, re-attaches to the same shell, and signs no new token.
        double generated = meters.counter("pier.credentials.tokens.generated").count();
        page.reload();
        page.locator("vaadin-tab[selected]", new Page.LocatorOptions().setHasText("Shell"))
                .waitFor();
        typeInShell(page, "echo still $((20+22))");
        awaitShellText(page, "still 42");
        assertThat(page.evaluate("() => " + TEST_API + ".socketState()")).isEqualTo("open");

        // Paste (Ctrl+Shift+V) types the clipboard into the shell; Ctrl+Shift+C copies the selection.
        page.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
        page.evaluate("() => navigator.clipboard.writeText('echo pasted-$((5*5))')");
        page.locator("pier-terminal:visible").click();
        page.keyboard().press("Control+Shift+V");
        page.keyboard().press("Enter");
        awaitShellText(page, "pasted-25");
        page.evaluate("() => " + VISIBLE + ".find('pasted-25')");
        page.keyboard().press("Control+Shift+C");
        page.waitForFunction("() => navigator.clipboard.readText().then(t => t === 'pasted-25')");

        // A file the shell wrote downloads from the same tab; a missing one says why.
        typeInShell(page, "echo file-content-$((3*4)) > pier-out.txt");
        page.locator("#file-path input").fill("pier-out.txt");
        Download file =
                page.waitForDownload(() -> page.locator("#download-file").click());
        assertThat(file.suggestedFilename()).isEqualTo("pier-out.txt");
        try {
            assertThat(Files.readString(file.path())).isEqualTo("file-content-12\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        page.waitForFunction(
                "() => document.querySelector('#file-progress').textContent === 'Downloaded pier-out.txt (16 bytes).'");
        page.locator("#file-path input").fill("no-such-file.txt");
        page.locator("#download-file").click();
        page.waitForFunction("() => document.querySelector('#file-progress').textContent.includes('No such file')");
        assertThat(page.url()).endsWith("/shell");

        // The manifest editor marks a bad line in its gutter; a good update runs as the new version.
        page.locator("vaadin-tab", new Page.LocatorOptions().setHasText("Manifest"))
                .click();
        page.waitForURL(url -> url.endsWith("/manifest"));
        var editor = page.locator("pier-code-editor textarea");
        editor.waitFor();
        page.waitForFunction("() => document.querySelector('pier-code-editor').value.includes('hello')");
        editor.fill(
                "version: \"1\"\nservices:\n  ticker:\n    command: [\"sh\", \"-c\", \"echo x\"]\n    colour: blue\n");
        var applyButton = page.getByRole(
                AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply").setExact(true));
        applyButton.click();
        page.waitForFunction(
                "() => [...document.querySelector('pier-code-editor').shadowRoot.querySelectorAll('.gutter "
                        + ".error')].map(d => d.textContent).join() === '5'");
        editor.fill("version: \"1\"\nservices:\n  ticker:\n    command: [\"sh\", \"-c\", \"i=0; while true; do echo "
                + "updated $i; i=$((i+1)); sleep 1; done\"]\n");
        applyButton.click();
        page.getByText("Version 2 is in force.").waitFor();
        page.locator("vaadin-tab", new Page.LocatorOptions().setHasText("Logs")).click();
        page.waitForFunction(
                "() => { const t = " + TEST_API + ";" + " return t && t.visibleText().includes('updated 1'); }");
        page.locator("vaadin-tab", new Page.LocatorOptions().setHasText("Shell"))
                .click();
        page.waitForURL(url -> url.endsWith("/shell"));
        assertThat(meters.counter("pier.credentials.tokens.generated").count()).isEqualTo(generated);

        // Leaving the page closes its terminal channel and its provider sockets.
        int channels = terminals.openChannels();
        int sockets = client.openSockets();
        page.navigate("/deployments");
        page.locator("vaadin-grid").waitFor();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((terminals.openChannels() >= channels || client.openSockets() >= sockets)
                && System.nanoTime() < deadline) {
            page.waitForTimeout(50);
        }
        assertThat(terminals.openChannels()).isLessThan(channels);
        assertThat(client.openSockets()).isLessThan(sockets);
    }

    @Test
    void the_shell_works_over_the_vaadin_path_when_the_terminal_socket_cannot_be_used() {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        UserSummary user = testUsers.create("nosocket", Role.USER);
        var deployment = deployTicker(user, "no socket");
        // A proxy that refuses the terminal socket: the terminal must still work.
        SocketRefusingProxy proxy = proxy(attempt -> true);
        Page page = newContext(proxy.port()).newPage();
        LoginPage.open(page).logIn(user.username(), TestUsers.PASSWORD);
        page.navigate("/deployments/" + deployment.dseq() + "/shell");
        typeInShell(page, "echo fall''back $((6*7))");
        awaitShellText(page, "fallback 42");
        assertThat(page.evaluate("() => " + TEST_API + ".socketState()")).isNotEqualTo("open");
        assertThat(proxy.handshakes()).isPositive();
    }

    @Test
    void a_terminal_socket_that_drops_comes_back_by_itself() {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        UserSummary user = testUsers.create("resocket", Role.USER);
        var deployment = deployTicker(user, "re-socket");
        // The first connection is refused (a proxy restarting); the next ones go through.
        SocketRefusingProxy proxy = proxy(attempt -> attempt == 1);
        Page page = newContext(proxy.port()).newPage();
        LoginPage.open(page).logIn(user.username(), TestUsers.PASSWORD);
        page.navigate("/deployments/" + deployment.dseq() + "/shell");
        page.waitForFunction("() => { const t = %s; return t && t.socketState() === 'open'; }".formatted(TEST_API));
        assertThat(proxy.handshakes()).isGreaterThanOrEqualTo(2);
        typeInShell(page, "echo back $((40+2))");
        awaitShellText(page, "back 42");
        assertThat(terminals.attachedSockets()).isGreaterThan(0);
    }

    @Test
    void shell_output_larger_than_the_shared_ring_arrives_whole_and_in_order() {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        UserSummary user = testUsers.create("burst", Role.USER);
        var deployment = deployTicker(user, "burst");
        Page page = newContext().newPage();
        LoginPage.open(page).logIn(user.username(), TestUsers.PASSWORD);
        page.navigate("/deployments/" + deployment.dseq() + "/shell");
        page.waitForFunction("() => { const t = %s; return t && t.socketState() === 'open'; }".formatted(TEST_API));
        // The console's pages are cross-origin isolated, so the terminal reads its socket from shared memory.
        assertThat(page.evaluate("() => self.crossOriginIsolated")).isEqualTo(true);
        assertThat(page.evaluate("() => %s.sharedMemory()".formatted(TEST_API))).isEqualTo(true);

        // About 2.3 MB: the 1 MiB ring wraps twice and fills faster than the page reads it.
        typeInShell(page, "seq 1 300000; echo burst-$((2*3))");
        page.waitForFunction(
                "() => %s.visibleText().split('\\n').some(l => l.trim() === 'burst-6')".formatted(TEST_API),
                null,
                new Page.WaitForFunctionOptions().setTimeout(60_000));
        @SuppressWarnings("unchecked")
        List<String> lines = (List<String>)
                page.evaluate("() => %s.visibleText().split('\\n').map(l => l.trim())".formatted(TEST_API));
        List<Long> numbers =
                lines.stream().filter(l -> l.matches("\\d+")).map(Long::valueOf).toList();
        assertThat(numbers).hasSizeGreaterThan(40_000).endsWith(300_000L);
        for (int i = 1; i < numbers.size(); i++) {
            assertThat(numbers.get(i)).as("line after %d", numbers.get(i - 1)).isEqualTo(numbers.get(i - 1) + 1);
        }
    }

    @Autowired
    TerminalChannels terminals;

    @Autowired
    MeterRegistry meters;

    @Autowired
    DeploymentService deployments;

    @Autowired
    AccountService accounts;

    @Autowired
    UserService users;

    @Autowired
    ProviderClient client;

    @Autowired
    ProviderTestSupport provider;

    @Test
    void disabling_the_user_closes_the_provider_sockets_of_their_open_tab() {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        UserSummary user = testUsers.create("sockets", Role.USER);
        var deployment = deployTicker(user, "watched");
        int before = client.openSockets();
        Page page = newContext().newPage();
        LoginPage.open(page).logIn(user.username(), TestUsers.PASSWORD);
        page.navigate("/deployments/" + deployment.dseq() + "/logs");
        page.waitForFunction(
                "() => { const t = " + TEST_API + ";" + " return t && t.visibleText().includes('hello'); }");
        assertThat(client.openSockets()).isGreaterThan(before);

        testUsers.asAdmin(() -> users.setEnabled(user.id(), false));

        page.waitForURL(url -> url.contains("/login"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.openSockets() > before && System.nanoTime() < deadline) {
            page.waitForTimeout(50);
        }
        assertThat(client.openSockets()).isEqualTo(before);
    }

    @Test
    void terminals_refit_when_the_window_changes_size_and_the_pty_learns_it() {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        UserSummary user = testUsers.create("fit", Role.USER);
        var deployment = deployTicker(user, "fit");
        Page page = newContext().newPage();
        page.setViewportSize(1440, 900);
        LoginPage.open(page).logIn(user.username(), TestUsers.PASSWORD);
        page.navigate("/deployments/" + deployment.dseq() + "/shell");
        page.waitForFunction("() => { const t = %s; return t && t.socketState() === 'open'; }".formatted(TEST_API));
        int wide = columnsSeenByTheShell(page, "WIDE", -1);

        page.setViewportSize(900, 900);
        int narrow = columnsSeenByTheShell(page, "NARROW", wide);
        page.screenshot(
                new Page.ScreenshotOptions().setPath(java.nio.file.Path.of("target/screenshots/shell-900.png")));
        assertThat(narrow).as("columns after shrinking from %d", wide).isLessThan(wide);

        page.setViewportSize(1440, 900);
        int again = columnsSeenByTheShell(page, "AGAIN", narrow);
        assertThat(again).as("columns after growing from %d", narrow).isGreaterThan(narrow);

        // A log pane fits too: its screen never runs past the pane's right edge.
        page.navigate("/deployments/" + deployment.dseq() + "/logs");
        page.waitForFunction("() => { const t = " + TEST_API + "; return t && t.visibleText().includes('hello'); }");
        page.setViewportSize(800, 900);
        page.waitForFunction("() => { const t = " + VISIBLE + "; const s = t.shadowRoot.querySelector('.xterm-screen');"
                + " return s && s.getBoundingClientRect().right <= t.getBoundingClientRect().right + 1; }");

        // Find acts as you type, counts the matches, moves with Enter and Shift+Enter, knows case and patterns.
        page.setViewportSize(1440, 900);
        Locator find = page.locator("vaadin-text-field[placeholder='Find'] input");
        Locator result = page.locator("#find-result");
        find.fill("hello");
        page.waitForFunction("() => /^\\d+ of \\d+$/.test(document.querySelector('#find-result').textContent)");
        String first = result.textContent();
        find.press("Shift+Enter");
        page.waitForFunction("(before) => document.querySelector('#find-result').textContent !== before", first);
        assertThat(result.textContent()).matches("\\d+ of \\d+");
        find.fill("HELLO");
        page.waitForFunction("() => /^\\d+ of \\d+$/.test(document.querySelector('#find-result').textContent)");
        page.getByText("Aa").click();
        page.waitForFunction("() => document.querySelector('#find-result').textContent === 'No match'");
        page.getByText("Aa").click();
        page.getByText(".*").click();
        find.fill("hello [0-9]+");
        page.waitForFunction("() => /^\\d+ of \\d+$/.test(document.querySelector('#find-result').textContent)");
        find.fill("hello [");
        page.waitForFunction(
                "() => document.querySelector('#find-result').textContent.startsWith('Not a valid pattern')");
        page.screenshot(
                new Page.ScreenshotOptions().setPath(java.nio.file.Path.of("target/screenshots/logs-find.png")));
    }

    @Test
    void two_tabs_on_one_shell_both_show_what_either_types() {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        UserSummary user = testUsers.create("twotabs", Role.USER);
        var deployment = deployTicker(user, "two tabs");
        var context = newContext();
        Page first = context.newPage();
        LoginPage.open(first).logIn(user.username(), TestUsers.PASSWORD);
        Page second = context.newPage();
        for (Page page : List.of(first, second)) {
            page.navigate("/deployments/" + deployment.dseq() + "/shell");
            page.waitForFunction("() => { const t = %s; return t && t.socketState() === 'open'; }".formatted(TEST_API));
        }
        first.bringToFront();
        typeInShell(first, "echo FIRST-$((6*7))");
        awaitShellText(first, "FIRST-42");
        awaitShellText(second, "FIRST-42");
        second.bringToFront();
        typeInShell(second, "echo SECOND-$((6*8))");
        awaitShellText(second, "SECOND-48");
        awaitShellText(first, "SECOND-48");
        first.screenshot(new Page.ScreenshotOptions()
                .setPath(java.nio.file.Path.of("target/screenshots/shell-two-tabs-first.png")));
    }

    @Test
    void every_tab_of_the_deployment_page_fits_a_desktop_and_a_phone() {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        UserSummary user = testUsers.create("phone", Role.USER);
        var deployment = deployTicker(user, "phone");
        Page page = newContext().newPage();
        LoginPage.open(page).logIn(user.username(), TestUsers.PASSWORD);
        // Keyboard: Enter on a focused row of the list opens the deployment, as a click or its link does.
        page.navigate("/deployments");
        page.locator("a.deployment-link").first().waitFor();
        page.evaluate(
                "() => document.querySelector('vaadin-grid').shadowRoot" + ".querySelector('#items tr td').focus()");
        page.keyboard().press("Enter");
        page.waitForURL(u -> u.endsWith("/deployments/" + deployment.dseq()));
        for (int[] size : new int[][] {{1440, 900}, {390, 844}, {360, 740}}) {
            page.setViewportSize(size[0], size[1]);
            for (String tab : List.of("status", "logs", "events", "shell", "manifest", "secrets")) {
                page.navigate("/deployments/" + deployment.dseq() + "/" + tab);
                page.locator("vaadin-app-layout h1").waitFor();
                page.waitForTimeout(600);
                page.screenshot(new Page.ScreenshotOptions()
                        .setPath(java.nio.file.Path.of(
                                "target/screenshots/deployment-" + tab + "-" + size[0] + ".png")));
                assertThat((Number) page.evaluate("() => document.documentElement.scrollWidth"))
                        .as("page width of the %s tab at %d px", tab, size[0])
                        .satisfies(w -> assertThat(w.intValue()).isLessThanOrEqualTo(size[0]));
                // No control is cut off at the right edge (the tab strip scrolls by design, so tabs are not asked).
                assertThat((List<?>) page.evaluate("() => [...document.querySelectorAll('vaadin-button, "
                                + "vaadin-checkbox, vaadin-text-field, vaadin-select, vaadin-password-field')]"
                                + ".filter(e => e.offsetParent && !e.closest('vaadin-dialog-overlay')"
                                + " && e.getBoundingClientRect().right > innerWidth + 0.5)"
                                + ".map(e => e.localName + ' ' + (e.textContent || e.getAttribute('aria-label')))"))
                        .as("controls past the right edge of the %s tab at %d px", tab, size[0])
                        .isEmpty();
            }
        }
        // A dialog at 360 px stays on the screen, its buttons included.
        page.locator("vaadin-button", new Page.LocatorOptions().setHasText("Add secret"))
                .first()
                .click();
        page.locator("vaadin-dialog-overlay").waitFor();
        page.waitForTimeout(400);
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(java.nio.file.Path.of("target/screenshots/deployment-secret-dialog-360.png")));
        @SuppressWarnings("unchecked")
        List<Number> box = (List<Number>) page.evaluate("() => { const o = document.querySelector("
                + "'vaadin-dialog-overlay').shadowRoot.querySelector('[part=overlay]').getBoundingClientRect();"
                + " return [o.left, o.right]; }");
        assertThat(box.get(0).doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(box.get(1).doubleValue()).isLessThanOrEqualTo(360.5);
    }

    /**
     * What {@code stty size} says in the shell, asked until it differs from {@code previous} (the resize travels from
     * the browser through the console to the provider's PTY), at most five times.
     */
    private static int columnsSeenByTheShell(Page page, String tag, int previous) {
        int columns = previous;
        for (int attempt = 1; attempt <= 5 && columns == previous; attempt++) {
            String marker = tag + attempt;
            typeInShell(page, "stty size | sed 's/^/" + marker + "=/'");
            page.waitForFunction(
                    "(tag) => new RegExp(tag + '=\\\\d+ \\\\d+').test(" + TEST_API + ".visibleText())", marker);
            columns = Integer.parseInt((String) page.evaluate(
                    "(tag) => " + TEST_API + ".visibleText().match(new RegExp(tag + '=\\\\d+ (\\\\d+)'))[1]", marker));
            if (columns == previous) {
                page.waitForTimeout(200);
            }
        }
        return columns;
    }

    /** A running "Hello ticker" sample of the user's, created directly (the wizard has its own journey). */
    private DeploymentSummary deployTicker(UserSummary user, String name) {
        return deployments.create(
                user.id(),
                user.username(),
                accounts.defaultAccountOf(user.id()).id(),
                provider.provider().address(),
                name,
                SampleManifests.ALL.get("Hello ticker"),
                step -> {});
    }

    private static void typeInShell(Page page, String line) {
        String prompt = "() => { const t = " + TEST_API + ";"
                + " return t && (t.visibleText().includes('$') || t.visibleText().includes('#')); }";
        try {
            page.waitForFunction(prompt, null, new Page.WaitForFunctionOptions().setTimeout(10_000));
        } catch (com.microsoft.playwright.TimeoutError noPromptYet) {
            // A shell that printed its prompt before this pane attached shows it again after an Enter, as for a person.
            page.locator("pier-terminal:visible").click();
            page.keyboard().press("Enter");
            page.waitForFunction(prompt);
        }
        page.locator("pier-terminal:visible").click();
        page.keyboard().type(line);
        page.keyboard().press("Enter");
    }

    private static void awaitShellText(Page page, String expected) {
        page.waitForFunction(
                "(expected) => { const t = " + TEST_API + ";"
                        + " return t && t.visibleText().split('\\n').some(l => l.trim() === expected); }",
                expected);
    }
}
