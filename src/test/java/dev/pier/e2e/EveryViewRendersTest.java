package dev.pier.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.pier.test.PierIntegrationTest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every route renders with its web components defined. Guards the production bundle: a stale or chunked bundle shows a
 * view whose grid or select never upgrades, which no server-side test can see.
 */
class EveryViewRendersTest extends BrowserTest {

    @Test
    void every_navigation_target_upgrades_all_its_components() {
        Page page = newContext().newPage();
        LoginPage.open(page).logIn(PierIntegrationTest.ADMIN, PierIntegrationTest.ADMIN_PASSWORD);
        for (String route : List.of(
                "deployments",
                "providers",
                "accounts",
                "admin/users",
                "admin/deployments",
                "admin/audit",
                "admin/alerts",
                "sessions")) {
            page.navigate("/" + route);
            page.locator("vaadin-app-layout h1").waitFor();
            page.waitForFunction("() => document.querySelector('vaadin-app-layout h1').textContent.length > 0");
            @SuppressWarnings("unchecked")
            List<String> undefined = (List<String>) page.evaluate(
                    "() => [...document.querySelectorAll('*')].filter(e => e.localName.startsWith('vaadin-') "
                            + "&& e.localName !== 'vaadin-grid-cell-content' && "
                            + "!customElements.get(e.localName)).map(e => e.localName)");
            assertThat(undefined).as("undefined components on /%s", route).isEmpty();
            // Kept for a person to look at (target/screenshots): the definition of done asks for it.
            page.screenshot(new Page.ScreenshotOptions()
                    .setFullPage(true)
                    .setPath(Path.of("target/screenshots/" + route.replace('/', '-') + ".png")));
        }
        // An unknown address is a page inside the layout with a way back, not the router's bare text.
        page.navigate("/no/such/page");
        page.getByText("There is nothing to show at /no/such/page").waitFor();
        assertThat(page.locator("vaadin-app-layout h1").textContent()).isEqualTo("Page not found");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/not-found.png")));
        page.locator("#back-to-deployments").click();
        page.waitForURL(u -> u.endsWith("/deployments"));

        page.navigate("/deployments");
        page.locator("#new-deployment").first().click();
        page.locator("vaadin-dialog-overlay").waitFor();
        page.waitForFunction(
                "() => [...document.querySelectorAll('vaadin-select')].some(s => s.offsetParent && s.value)");
        page.waitForTimeout(400);
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/new-deployment.png")));
        page.keyboard().press("Escape");
        // At phone width (390 px) nothing runs off the screen: the header keeps the theme toggle and the user menu,
        // the toolbar wraps, and the page never scrolls sideways.
        page.setViewportSize(390, 844);
        for (String route : List.of(
                "deployments",
                "providers",
                "accounts",
                "admin/users",
                "admin/deployments",
                "admin/audit",
                "admin/alerts",
                "sessions")) {
            page.navigate("/" + route);
            page.locator("vaadin-app-layout h1").waitFor();
            page.waitForTimeout(300);
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(Path.of("target/screenshots/phone-" + route.replace('/', '-') + ".png")));
            assertThat((Number) page.evaluate("() => document.documentElement.scrollWidth"))
                    .as("page width on /%s at 390 px", route)
                    .satisfies(w -> assertThat(w.intValue()).isLessThanOrEqualTo(390));
            // No control is cut off at the right edge, in a toolbar or in a grid's row.
            assertThat((List<?>) page.evaluate("() => [...document.querySelectorAll('vaadin-button, vaadin-checkbox,"
                            + " vaadin-text-field, vaadin-select, vaadin-combo-box, vaadin-date-picker')]"
                            + ".filter(e => e.offsetParent && e.getBoundingClientRect().width > 0"
                            + " && e.getBoundingClientRect().right > innerWidth + 0.5)"
                            + ".map(e => e.localName + ' ' + (e.textContent || e.getAttribute('placeholder')))"))
                    .as("controls past the right edge of /%s at 390 px", route)
                    .isEmpty();
            for (String selector : List.of("#user-menu", "vaadin-button[aria-label='Toggle dark theme']")) {
                @SuppressWarnings("unchecked")
                List<Number> box = (List<Number>) page.evaluate(
                        "(s) => { const e = document.querySelector(s); if (!e) return null;"
                                + " const r = e.getBoundingClientRect(); return [r.left, r.right]; }",
                        selector);
                assertThat(box).as("%s on /%s", selector, route).isNotNull();
                assertThat(box.get(1).doubleValue())
                        .as("%s inside the screen on /%s", selector, route)
                        .isLessThanOrEqualTo(390.5);
            }
        }
        page.navigate("/deployments");
        page.locator("#new-deployment").waitFor();
        @SuppressWarnings("unchecked")
        List<Number> newButton = (List<Number>)
                page.evaluate(
                        "() => { const r = document.querySelector('#new-deployment').getBoundingClientRect(); return [r.left, r.right]; }");
        assertThat(newButton.get(1).doubleValue())
                .as("New deployment on screen")
                .isLessThanOrEqualTo(390.5);
        page.setViewportSize(1280, 720);

        page.navigate("/accounts");
        page.locator("vaadin-grid vaadin-grid-cell-content").first().waitFor();
        assertThat(page.locator("vaadin-grid vaadin-grid-cell-content", new Page.LocatorOptions().setHasText("default"))
                        .count())
                .isPositive();
    }
}
