package dev.pier.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.TimeoutError;
import dev.pier.account.AccountService;
import dev.pier.audit.AuditAction;
import dev.pier.audit.AuditEntry;
import dev.pier.audit.AuditLog;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.provider.ProviderService;
import dev.pier.providerapp.ProviderApplication;
import dev.pier.test.MutableClock;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserSummary;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.PageRequest;

/**
 * In Chromium, an administrator registers a second provider, a user deploys there, and the administrator finds the
 * lease among all leases, reads its logs, closes it, and finds all of it in the audit log.
 */
class AdministratorJourneyTest extends BrowserTest {

    private static final String TEST_API =
            "[...document.querySelectorAll('pier-terminal')].find(e => e.offsetParent !== null)?.testProbe";

    @Autowired
    TestUsers testUsers;

    @Autowired
    MutableClock clock;

    @Autowired
    DeploymentService deployments;

    @Autowired
    AccountService accounts;

    @Autowired
    ProviderService providers;

    @Autowired
    AuditLog audit;

    @TempDir
    Path secondData;

    @Test
    void register_a_provider_see_a_users_lease_read_its_logs_and_find_it_audited() {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        Instant started = clock.instant();
        try (ConfigurableApplicationContext second = ProviderApplication.start(
                true,
                "--server.port=0",
                "--pier.provider.console-url=http://127.0.0.1:" + port,
                "--pier.provider.data-dir=" + secondData,
                "--pier.provider.name=west")) {
            String url = "http://127.0.0.1:"
                    + ((WebServerApplicationContext) second).getWebServer().getPort();
            Page page = newContext().newPage();
            LoginPage.open(page).logIn(PierIntegrationTest.ADMIN, PierIntegrationTest.ADMIN_PASSWORD);

            page.navigate("/providers");
            page.locator("vaadin-button", new Page.LocatorOptions().setHasText("Register provider"))
                    .click();
            page.getByLabel("Host URI").fill(url);
            page.getByLabel("Host URI").press("Tab");
            page.locator("#register-provider").click();
            // The dialog says so once the provider's /status was read and it is registered (the list then probes every
            // registered provider again, which takes a while when earlier tests left dead ones behind).
            try {
                page.getByText("west is registered").waitFor(new Locator.WaitForOptions().setTimeout(60_000));
            } finally {
                page.screenshot(new Page.ScreenshotOptions()
                        .setPath(Path.of("target/screenshots/admin-registers-provider.png")));
            }
            String address = providers.list().stream()
                    .filter(p -> p.name().equals("west"))
                    .findFirst()
                    .orElseThrow()
                    .address();

            UserSummary grace = testUsers.create("grace", Role.USER);
            DeploymentSummary lease = deployments.create(
                    grace.id(),
                    grace.username(),
                    accounts.defaultAccountOf(grace.id()).id(),
                    address,
                    "grace on west",
                    """
                            version: "1"
                            services:
                              ticker:
                                command: ["sh", "-c", "i=0; while true; do echo west $i; i=$((i+1)); sleep 0.5; done"]
                            """,
                    step -> {});

            page.navigate("/admin/deployments");
            page.locator("vaadin-text-field[placeholder='Owner (username)'] input")
                    .fill(grace.username());
            page.locator("vaadin-grid-cell-content", new Page.LocatorOptions().setHasText("grace on west"))
                    .click();
            page.waitForURL(u -> u.matches(".*/deployments/" + lease.dseq() + "$"));
            page.locator("vaadin-tab", new Page.LocatorOptions().setHasText("Logs"))
                    .click();
            page.waitForFunction(
                    "() => { const t = " + TEST_API + "; return t && t.visibleText().includes('west 1'); }");
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/admin-reads-logs.png")));

            // Back in the list of every lease, the administrator closes it, after a confirmation naming owner and dseq.
            page.navigate("/admin/deployments");
            page.locator("vaadin-text-field[placeholder='Owner (username)'] input")
                    .fill(grace.username());
            Locator closeButton = page.locator(
                    "vaadin-button[aria-label='Close deployment " + lease.dseq() + " of " + grace.username() + "']");
            Locator question = page.getByText("Close deployment " + lease.dseq() + " of " + grace.username() + "?");
            // The owner filter re-renders the rows a moment after typing; a click on a row it replaced is lost, so the
            // button is clicked again until the confirmation shows.
            for (int attempt = 1; !question.isVisible(); attempt++) {
                closeButton.click();
                try {
                    question.waitFor(new Locator.WaitForOptions().setTimeout(2_000));
                } catch (TimeoutError notYet) {
                    assertThat(attempt)
                            .as("clicks on Close without a confirmation")
                            .isLessThan(5);
                }
            }
            page.screenshot(
                    new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/admin-confirms-close.png")));
            Locator confirm = page.locator("vaadin-button[slot='confirm-button']");
            confirm.click();
            page.getByText("Deployment " + lease.dseq() + " of " + grace.username() + " is closed.")
                    .first()
                    .waitFor(new Locator.WaitForOptions().setTimeout(60_000));
            assertThat(deployments.find(grace.id(), lease.dseq()).orElseThrow().active())
                    .isFalse();

            // The journey's own events (other tests' events, at other clock times, may sort above them in the view).
            List<AuditEntry> recorded = testUsers
                    .asAdmin(() -> audit.search(PierIntegrationTest.ADMIN, null, started, PageRequest.of(0, 100)))
                    .getContent();
            assertThat(recorded)
                    .extracting(AuditEntry::action)
                    .contains(
                            AuditAction.PROVIDER_REGISTERED,
                            AuditAction.DEPLOYMENT_VIEWED_BY_ADMIN,
                            AuditAction.LEASE_CLOSED_BY_ADMIN);
            page.navigate("/admin/audit");
            page.locator("vaadin-text-field[placeholder='Actor (username)'] input")
                    .fill(PierIntegrationTest.ADMIN);
            page.getByText("LEASE_CLOSED_BY_ADMIN").first().waitFor();
            page.screenshot(
                    new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/admin-audit-journey.png")));
            testUsers.asAdmin(() -> providers.remove(address));
        }
    }
}
