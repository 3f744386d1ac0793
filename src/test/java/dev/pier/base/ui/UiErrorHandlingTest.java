package dev.pier.base.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.ErrorEvent;
import dev.pier.base.InvalidInputException;
import dev.pier.test.KaribuTest;
import dev.pier.test.PierIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.AccessDeniedException;

/** The session-wide error handler and the theme toggle of the shared layout. */
class UiErrorHandlingTest extends KaribuTest {

    @Test
    void failures_become_a_notification_with_the_next_step() {
        assertThat(UiErrorHandling.messageFor(new InvalidInputException("name", "Give a name.")))
                .isEqualTo("name: Give a name.");
        assertThat(UiErrorHandling.messageFor(new AccessDeniedException("no"))).contains("Ask an administrator");
        assertThat(UiErrorHandling.messageFor(new IllegalStateException("boom")))
                .startsWith("Something went wrong (reference ")
                .contains("give the reference to your administrator")
                .doesNotContain("boom");

        new UiErrorHandling()
                .handle(new ErrorEvent(new RuntimeException(new InvalidInputException("port", "Use 1 to 65535."))));
        MockVaadin.clientRoundtrip();
        assertThat(NotificationsKt.getNotifications())
                .anySatisfy(n -> assertThat(n.getElement().getProperty("text")).isEqualTo("port: Use 1 to 65535."));
    }

    @Test
    void the_theme_toggle_switches_between_light_and_dark() {
        login(PierIntegrationTest.ADMIN);
        UI.getCurrent().navigate("deployments");
        ThemeToggle toggle = _get(ThemeToggle.class);
        boolean before = toggle.isDark();
        _click(toggle.getContent());
        assertThat(toggle.isDark()).isNotEqualTo(before);
        _click(toggle.getContent());
        assertThat(toggle.isDark()).isEqualTo(before);
    }
}
