package dev.pier.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserService;
import dev.pier.user.UserSummary;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Logging in and out in a real browser: reload, remember-me after closing the browser, logout, errors. */
class LoginJourneyTest extends BrowserTest {

    @Autowired
    TestUsers testUsers;

    @Autowired
    UserService users;

    private static Optional<Cookie> cookie(BrowserContext context, String name) {
        return context.cookies().stream().filter(c -> c.name.equals(name)).findFirst();
    }

    @Test
    void log_in_reload_come_back_after_closing_the_browser_and_log_out() {
        UserSummary user = testUsers.create("browser", Role.USER);
        BrowserContext first = newContext();
        Page page = first.newPage();
        LoginPage login = LoginPage.open(page);
        String sessionBefore = cookie(first, "JSESSIONID").map(c -> c.value).orElse("");

        ConsolePage console = login.logIn(user.username(), TestUsers.PASSWORD);
        assertThat(console.title()).isEqualTo("Deployments");
        assertThat(cookie(first, "JSESSIONID").orElseThrow().value)
                .as("a new session id at login")
                .isNotEqualTo(sessionBefore);
        Cookie remember = cookie(first, "PIER_SESSION").orElseThrow();
        assertThat(remember.httpOnly).isTrue();
        assertThat(remember.value).doesNotContain(user.username());

        page.reload();
        assertThat(new ConsolePage(page).waitUntilShown().title()).isEqualTo("Deployments");
        assertThat(page.url()).doesNotContain("/login");

        // Closing the browser drops the session cookie; the persistent one brings the user back in.
        BrowserContext reopened = newContext();
        reopened.addCookies(List.of(remember));
        Page again = reopened.newPage();
        again.navigate("/deployments");
        assertThat(new ConsolePage(again).waitUntilShown().title()).isEqualTo("Deployments");

        new ConsolePage(again).logOut();
        assertThat(cookie(reopened, "PIER_SESSION")).isEmpty();

        // Logout revoked the persistent session: the old cookie no longer signs anyone in.
        BrowserContext stale = newContext();
        stale.addCookies(List.of(remember));
        Page stalePage = stale.newPage();
        stalePage.navigate("/deployments");
        stalePage.waitForURL(url -> url.contains("/login"));
        stalePage.locator("input[name='username']").waitFor();
    }

    @Test
    void a_wrong_password_is_explained_on_the_login_page() {
        UserSummary user = testUsers.create("browser-wrong", Role.USER);
        LoginPage login =
                LoginPage.open(newContext().newPage()).logInExpectingError(user.username(), "not-the-password");
        assertThat(login.error()).contains("Check both and try again");
        assertThat(login.page().url()).endsWith("/login?error");
    }

    @Test
    void disabling_a_user_ends_their_open_tab_at_once() {
        UserSummary user = testUsers.create("browser-disabled", Role.USER);
        Page page = newContext().newPage();
        LoginPage.open(page).logIn(user.username(), TestUsers.PASSWORD);

        testUsers.asAdmin(() -> users.setEnabled(user.id(), false));

        // Pushed from the server: the open tab goes to the login page without the user doing anything.
        page.waitForURL(url -> url.contains("/login"));
        page.locator("input[name='username']").waitFor();
        page.reload();
        assertThat(page.url()).contains("/login");
    }
}
