package dev.pier.auth.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertOne;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.QueryParameters;
import dev.pier.deployment.ui.DeploymentsView;
import dev.pier.test.KaribuTest;
import dev.pier.test.PierIntegrationTest;
import dev.pier.user.ui.UsersView;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoginViewTest extends KaribuTest {

    @Test
    void anonymous_users_are_sent_to_the_login_view() {
        UI.getCurrent().navigate("deployments");
        _assertOne(LoginView.class);

        UI.getCurrent().navigate(UsersView.class);
        _assertOne(LoginView.class);
        assertThat(_get(LoginView.class).errorText()).isEmpty();
    }

    @Test
    void a_wrong_password_is_explained() {
        UI.getCurrent().navigate("login", QueryParameters.simple(Map.of("error", "")));
        assertThat(_get(LoginView.class).errorText()).startsWith("Incorrect username or password");
        assertThat(_get(LoginView.class).form.isError()).isTrue();
    }

    @Test
    void a_throttled_login_says_when_to_try_again() {
        UI.getCurrent().navigate("login", QueryParameters.simple(Map.of("throttled", "40")));
        assertThat(_get(LoginView.class).errorText()).contains("Wait 40 seconds");
    }

    @Test
    void a_disabled_account_is_named_as_such() {
        UI.getCurrent().navigate("login", QueryParameters.simple(Map.of("disabled", "")));
        assertThat(_get(LoginView.class).errorText()).contains("disabled").contains("administrator");
    }

    @Test
    void a_signed_in_user_visiting_login_goes_to_the_console() {
        login(PierIntegrationTest.ADMIN);
        UI.getCurrent().navigate("login");
        _assertOne(DeploymentsView.class);
    }
}
