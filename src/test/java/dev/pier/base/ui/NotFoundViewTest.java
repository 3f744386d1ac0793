package dev.pier.base.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import dev.pier.test.KaribuTest;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An administrator page opened by a user is a page inside the frame with a way back (an unknown address, the same page,
 * is checked in Chromium by EveryViewRendersTest: the mock router sends it to the login view).
 */
class NotFoundViewTest extends KaribuTest {

    @Autowired
    TestUsers testUsers;

    @Test
    void a_user_opening_an_administrator_page_gets_the_same_page_not_the_router_text() {
        login(testUsers.create("curious", Role.USER).username());
        UI.getCurrent().navigate("admin/users");

        NotFoundView page = _get(NotFoundView.class);
        assertThat(page.heading.getText()).isEqualTo("There is nothing to show at /admin/users");
        assertThat(page.explanation.getText()).contains("needs a role you do not have");
        assertThat(_get(MainLayout.class).navigationLabels()).doesNotContain("Users");
        assertThat(_get(MainLayout.class).currentTitle()).isEqualTo("Page not found");
    }
}
