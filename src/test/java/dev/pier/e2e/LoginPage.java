package dev.pier.e2e;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;

/** The login view, as a person uses it. */
record LoginPage(Page page) {

    static LoginPage open(Page page) {
        page.navigate("/login");
        page.locator("input[name='username']").waitFor();
        return new LoginPage(page);
    }

    ConsolePage logIn(String username, String password) {
        submit(username, password);
        page.waitForURL(url -> !url.contains("/login"));
        return new ConsolePage(page).waitUntilShown();
    }

    LoginPage logInExpectingError(String username, String password) {
        submit(username, password);
        page.waitForURL(url -> url.contains("/login?"));
        // The first error-message part in the form's shadow tree is the form's own; the others belong to its fields.
        var error =
                page.locator("vaadin-login-form-wrapper [part='error-message']").first();
        error.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE));
        return this;
    }

    String error() {
        return page.locator("vaadin-login-form-wrapper [part='error-message']")
                .first()
                .innerText();
    }

    private void submit(String username, String password) {
        page.locator("input[name='username']").fill(username);
        page.locator("input[name='password']").fill(password);
        page.locator("vaadin-button[slot='submit']").click();
    }
}
