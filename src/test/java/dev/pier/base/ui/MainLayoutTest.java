package dev.pier.base.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import dev.pier.test.KaribuTest;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The frame: at phone width the header's user menu is squeezed, so the drawer offers the same two things. */
class MainLayoutTest extends KaribuTest {

    @Autowired
    TestUsers testUsers;

    @Test
    void the_drawer_offers_my_sessions_and_log_out() {
        String username = testUsers.create("drawer", Role.USER).username();
        login(username);
        UI.getCurrent().navigate("deployments");

        MainLayout layout = _get(MainLayout.class);
        assertThat(_find(layout, SideNavItem.class).stream().filter(i -> "My sessions".equals(i.getLabel())))
                .singleElement()
                .satisfies(item -> assertThat(item.getPath()).isEqualTo("sessions"));
        assertThat(layout.drawerLogout.isVisible()).isTrue();
        assertThat(layout.drawerLogout.getText()).isEqualTo("Log out");
        assertThat(_find(layout, SideNav.class).stream().map(SideNav::getLabel)).contains("Signed in as " + username);
    }
}
