package dev.pier.auth.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.server.VaadinSession;
import dev.pier.auth.AuthSessionService;
import dev.pier.auth.IssuedSession;
import dev.pier.auth.SessionKind;
import dev.pier.auth.SessionSummary;
import dev.pier.test.KaribuTest;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserSummary;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class MySessionsViewTest extends KaribuTest {

    @Autowired
    TestUsers testUsers;

    @Autowired
    AuthSessionService sessions;

    @Test
    void lists_the_users_sessions_and_revokes_one() {
        UserSummary user = testUsers.create("sessions-view", Role.USER);
        IssuedSession laptop = sessions.issue(user.id(), SessionKind.BROWSER, "Firefox on Linux from 10.0.0.1");
        IssuedSession script = sessions.issue(user.id(), SessionKind.API, "curl from 10.0.0.2");
        login(user.username());

        UI.getCurrent().navigate(MySessionsView.class);
        MySessionsView view = _get(MySessionsView.class);
        assertThat(GridKt._findAll(view.grid))
                .extracting(SessionSummary::device)
                .containsExactlyInAnyOrder("Firefox on Linux from 10.0.0.1", "curl from 10.0.0.2");

        int row = GridKt._findAll(view.grid).stream()
                .map(SessionSummary::id)
                .toList()
                .indexOf(script.id());
        Button revoke = (Button) GridKt._getCellComponent(view.grid, row, "actions");
        _click(revoke);

        assertThat(GridKt._findAll(view.grid)).extracting(SessionSummary::id).containsExactly(laptop.id());
        assertThat(sessions.authenticate(script.token())).isEmpty();
        assertThat(sessions.authenticate(laptop.token())).isPresent();
    }

    @Test
    void revoking_all_other_sessions_says_how_many_and_keeps_this_browser_and_other_users() {
        UserSummary user = testUsers.create("sessions-others", Role.USER);
        UserSummary neighbour = testUsers.create("sessions-neighbour", Role.USER);
        IssuedSession here = sessions.issue(user.id(), SessionKind.BROWSER, "Firefox on Linux from 127.0.0.1");
        IssuedSession phone = sessions.issue(user.id(), SessionKind.BROWSER, "Safari on iPhone from 10.0.0.9");
        IssuedSession script = sessions.issue(user.id(), SessionKind.API, "curl from 10.0.0.2");
        IssuedSession theirs = sessions.issue(neighbour.id(), SessionKind.BROWSER, "Chrome on Windows from 10.0.0.3");
        login(user.username());
        VaadinSession.getCurrent().getSession().setAttribute(AuthSessionService.HTTP_SESSION_ATTRIBUTE, here.id());

        UI.getCurrent().navigate(MySessionsView.class);
        MySessionsView view = _get(MySessionsView.class);
        assertThat(GridKt._findAll(view.grid))
                .extracting(SessionSummary::device)
                .as("a loopback address reads as this computer")
                .contains("Firefox on Linux from this computer");

        _click(view.revokeOthers);
        assertThat(view.confirmation.getElement().getProperty("header")).isEqualTo("Revoke 2 other sessions?");
        ConfirmDialogKt._fireConfirm(view.confirmation);

        assertThat(GridKt._findAll(view.grid)).extracting(SessionSummary::id).containsExactly(here.id());
        assertThat(sessions.authenticate(here.token())).isPresent();
        assertThat(sessions.authenticate(phone.token())).isEmpty();
        assertThat(sessions.authenticate(script.token())).isEmpty();
        assertThat(sessions.authenticate(theirs.token()))
                .as("another user's session")
                .isPresent();
        assertThat(view.revokeOthers.isEnabled()).as("nothing left to revoke").isFalse();
    }

    @Test
    void other_users_sessions_are_not_shown() {
        UserSummary mine = testUsers.create("sessions-mine", Role.USER);
        UserSummary theirs = testUsers.create("sessions-theirs", Role.USER);
        sessions.issue(theirs.id(), SessionKind.API, "someone else's script");
        login(mine.username());

        UI.getCurrent().navigate(MySessionsView.class);
        assertThat(GridKt._size(_get(MySessionsView.class).grid)).isZero();
    }
}
