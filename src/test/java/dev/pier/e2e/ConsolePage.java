package dev.pier.e2e;

import com.microsoft.playwright.Page;

/** The signed-in console: navbar title, user menu. */
record ConsolePage(Page page) {

    ConsolePage waitUntilShown() {
        page.locator("vaadin-app-layout h1").waitFor();
        return this;
    }

    String title() {
        return page.locator("vaadin-app-layout h1").innerText();
    }

    LoginPage logOut() {
        page.locator("#user-menu vaadin-menu-bar-button:not([slot='overflow'])")
                .first()
                .click();
        page.locator("vaadin-menu-bar-item", new Page.LocatorOptions().setHasText("Log out"))
                .click();
        page.waitForURL(url -> url.contains("/login"));
        page.locator("input[name='username']").waitFor();
        return new LoginPage(page);
    }
}
