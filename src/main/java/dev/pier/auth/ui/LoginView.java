package dev.pier.auth.ui;

import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.spring.security.AuthenticationContext;
import java.util.List;
import java.util.Map;

/** Username and password login. The query string carries why the last attempt failed, so the message can say it. */
@Route(value = "login", autoLayout = false)
@PageTitle("Log in · Pier")
@AnonymousAllowed
public class LoginView extends Main implements BeforeEnterObserver {

    final LoginForm form = new LoginForm();
    private final AuthenticationContext authentication;

    public LoginView(AuthenticationContext authentication) {
        this.authentication = authentication;
        setSizeFull();
        getStyle().set("display", "flex").set("justify-content", "center").set("align-items", "center");
        form.setAction("login");
        form.setForgotPasswordButtonVisible(false);
        form.setI18n(messages(null, null));
        add(form);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (authentication.isAuthenticated()) {
            event.forwardTo("");
            return;
        }
        Map<String, List<String>> params =
                event.getLocation().getQueryParameters().getParameters();
        if (params.containsKey("throttled")) {
            String seconds = params.get("throttled").get(0);
            showError(
                    "Too many failed attempts",
                    "Wait " + seconds + " seconds, then try again. Each further failure doubles the wait.");
        } else if (params.containsKey("disabled")) {
            showError("Account disabled", "This user is disabled. Ask an administrator to enable it.");
        } else if (params.containsKey("error")) {
            showError(
                    "Incorrect username or password",
                    "Check both and try again. After 5 failures Pier makes you wait.");
        }
    }

    private String errorText = "";

    private void showError(String title, String message) {
        errorText = title + ": " + message;
        form.setI18n(messages(title, message));
        form.setError(true);
    }

    private static LoginI18n messages(String errorTitle, String errorMessage) {
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Log in to Pier");
        if (errorTitle != null) {
            i18n.getErrorMessage().setTitle(errorTitle);
            i18n.getErrorMessage().setMessage(errorMessage);
        }
        return i18n;
    }

    /** The error currently shown, title and message, for tests and accessibility checks. */
    String errorText() {
        return form.isError() ? errorText : "";
    }
}
