package dev.pier.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.pier.account.AccountService;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.SampleManifests;
import dev.pier.test.MutableClock;
import dev.pier.test.ProviderTestSupport;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * With provider tokens that live a few seconds, a shell open in Chromium keeps working across several rotations, and
 * the terminal in the page is never recreated. The token lifetime is a start-up setting, so this test has its own
 * context, and so its own JVM (tag own-jvm, see the surefire configuration).
 */
@Tag("own-jvm")
@TestPropertySource(properties = {"pier.credentials.token-ttl=8s", "pier.credentials.refresh-skew=2s"})
class ShellRotationJourneyTest extends BrowserTest {

    private static final String VISIBLE =
            "[...document.querySelectorAll('pier-terminal')].find(e => e.offsetParent !== null)";
    /** The test API (testProbe in pier-terminal.ts) of the terminal pane on screen; undefined while there is none. */
    private static final String TEST_API = VISIBLE + "?.testProbe";

    @Autowired
    MutableClock clock;

    @Autowired
    TestUsers testUsers;

    @Autowired
    DeploymentService deployments;

    @Autowired
    AccountService accounts;

    @Autowired
    ProviderTestSupport provider;

    @Autowired
    MeterRegistry meters;

    @AfterEach
    void stopTheClock() {
        clock.set(Instant.now());
    }

    @Test
    void the_shell_keeps_working_across_token_rotations_without_a_new_terminal() {
        // Rotations happen as real time passes: the console's clock runs for this test.
        clock.runFromNow();
        UserSummary user = testUsers.create("rotation", Role.USER);
        var deployment = deployments.create(
                user.id(),
                user.username(),
                accounts.defaultAccountOf(user.id()).id(),
                provider.provider().address(),
                "rotating",
                SampleManifests.ALL.get("Hello ticker"),
                step -> {});
        Page page = newContext().newPage();
        LoginPage.open(page).logIn(user.username(), TestUsers.PASSWORD);
        page.navigate("/deployments/" + deployment.dseq() + "/shell");
        page.waitForFunction(
                "() => { const t = %s; return t && (t.visibleText().includes('$') || t.visibleText().includes('#')); }"
                        .formatted(TEST_API));
        // A mark on the terminal element: a recreated terminal would not carry it.
        page.evaluate("() => { %s.dataset.mark = 'original'; }".formatted(VISIBLE));
        double generatedBefore =
                meters.counter("pier.credentials.tokens.generated").count();

        page.locator("pier-terminal:visible").click();
        for (int round = 1; round <= 4; round++) {
            page.keyboard().type("echo round-$((" + round + "*11))");
            page.keyboard().press("Enter");
            String expected = "round-" + (round * 11);
            page.waitForFunction(
                    "(expected) => %s.visibleText().split('\\n').some(l => l.trim() === expected)".formatted(TEST_API),
                    expected);
            page.waitForTimeout(5_000);
        }

        assertThat(meters.counter("pier.credentials.tokens.generated").count() - generatedBefore)
                .as("tokens signed while the shell stayed open")
                .isGreaterThanOrEqualTo(2);
        assertThat(page.evaluate("() => %s.dataset.mark".formatted(VISIBLE))).isEqualTo("original");
        String text = (String) page.evaluate("() => %s.visibleText()".formatted(TEST_API));
        assertThat(text)
                .contains("round-11")
                .contains("round-22")
                .contains("round-33")
                .contains("round-44");
    }
}
