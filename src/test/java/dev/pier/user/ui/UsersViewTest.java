package dev.pier.user.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._assertOne;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.textfield.PasswordField;
import dev.pier.auth.AuthSessionService;
import dev.pier.auth.IssuedSession;
import dev.pier.auth.SessionKind;
import dev.pier.base.ui.MainLayout;
import dev.pier.base.ui.NotFoundView;
import dev.pier.test.KaribuTest;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserService;
import dev.pier.user.UserSummary;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.crypto.password.PasswordEncoder;

class UsersViewTest extends KaribuTest {

    @Autowired
    UserService users;

    @Autowired
    TestUsers testUsers;

    @Autowired
    AuthSessionService sessions;

    @Autowired
    PasswordEncoder passwords;

    private UsersView openAsAdmin() {
        login(PierIntegrationTest.ADMIN);
        UI.getCurrent().navigate(UsersView.class);
        return _get(UsersView.class);
    }

    private UserSummary find(String username) {
        return testUsers.asAdmin(() -> users.list(username, PageRequest.of(0, 10)).stream()
                .filter(u -> u.username().equals(username))
                .findFirst()
                .orElse(null));
    }

    /** The action button with this text in the row of {@code user}, after narrowing the grid to that user. */
    private Button action(UsersView view, UserSummary user, String text) {
        _setValue(view.search, user.username());
        assertThat(GridKt._size(view.grid)).isEqualTo(1);
        Component actions = GridKt._getCellComponent(view.grid, 0, "actions");
        return _get(actions, Button.class, spec -> spec.withText(text));
    }

    @Test
    void an_admin_creates_a_user() {
        UsersView view = openAsAdmin();
        _click(view.newUser);
        NewUserForm form = _get(NewUserForm.class);
        _setValue(form.username, "New.Person");
        _setValue(form.password, "a-long-enough-password");
        _setValue(form.role, Role.ADMIN);
        _click(_get(Button.class, spec -> spec.withText("Create")));

        _assertNone(NewUserForm.class);
        UserSummary created = find("new.person");
        assertThat(created).isNotNull();
        assertThat(created.role()).isEqualTo(Role.ADMIN);
        assertThat(created.enabled()).isTrue();
        _setValue(view.search, "new.person");
        assertThat(GridKt._findAll(view.grid)).extracting(UserSummary::username).containsExactly("new.person");
    }

    @Test
    void invalid_input_is_shown_on_its_field_and_creates_nothing() {
        UsersView view = openAsAdmin();
        _click(view.newUser);
        NewUserForm form = _get(NewUserForm.class);
        _setValue(form.username, "x");
        _setValue(form.password, "a-long-enough-password");
        _click(_get(Button.class, spec -> spec.withText("Create")));

        assertThat(form.username.isInvalid()).isTrue();
        assertThat(form.username.getErrorMessage()).contains("3 to 64 characters");
        _assertOne(NewUserForm.class);

        _setValue(form.username, "short-password-user");
        _setValue(form.password, "short");
        _click(_get(Button.class, spec -> spec.withText("Create")));
        assertThat(form.username.isInvalid()).isFalse();
        assertThat(form.password.isInvalid()).isTrue();
        assertThat(form.password.getErrorMessage()).contains("at least 12");
        assertThat(find("short-password-user")).isNull();
    }

    @Test
    void a_taken_username_is_refused_on_the_username_field() {
        UserSummary existing = testUsers.create("taken", Role.USER);
        openAsAdmin();
        _click(_get(UsersView.class).newUser);
        NewUserForm form = _get(NewUserForm.class);
        _setValue(form.username, existing.username());
        _setValue(form.password, "a-long-enough-password");
        _click(_get(Button.class, spec -> spec.withText("Create")));
        assertThat(form.username.getErrorMessage()).contains("taken");
    }

    @Test
    void disabling_a_user_needs_confirmation_and_ends_their_sessions() {
        UserSummary user = testUsers.create("to-disable", Role.USER);
        IssuedSession token = sessions.issue(user.id(), SessionKind.API, "script");
        UsersView view = openAsAdmin();

        _click(action(view, user, "Disable"));
        assertThat(find(user.username()).enabled())
                .as("nothing happens before confirming")
                .isTrue();
        ConfirmDialogKt._fireConfirm(_get(ConfirmDialog.class));

        assertThat(find(user.username()).enabled()).isFalse();
        assertThat(sessions.authenticate(token.token())).isEmpty();

        _click(action(view, user, "Enable"));
        assertThat(find(user.username()).enabled()).isTrue();
    }

    @Test
    void an_admin_resets_a_password() {
        UserSummary user = testUsers.create("to-reset", Role.USER);
        UsersView view = openAsAdmin();

        _click(action(view, user, "Reset password"));
        PasswordField password = _get(PasswordField.class, spec -> spec.withLabel("New password"));
        _setValue(password, "short");
        _click(_get(Button.class, spec -> spec.withId("confirm-password-reset")));
        assertThat(password.isInvalid()).isTrue();

        _setValue(password, "a-brand-new-password");
        _click(_get(Button.class, spec -> spec.withId("confirm-password-reset")));
        String hash = TestUsers.PASSWORD;
        assertThat(users.credentials(user.username()).orElseThrow().passwordHash())
                .satisfies(stored -> {
                    assertThat(passwords.matches("a-brand-new-password", stored))
                            .isTrue();
                    assertThat(passwords.matches(hash, stored)).isFalse();
                });
    }

    @Test
    void an_admin_changes_a_role() {
        UserSummary user = testUsers.create("to-promote", Role.USER);
        UsersView view = openAsAdmin();

        _click(action(view, user, "Make ADMIN"));
        ConfirmDialogKt._fireConfirm(_get(ConfirmDialog.class));
        assertThat(find(user.username()).role()).isEqualTo(Role.ADMIN);

        _click(action(view, user, "Make USER"));
        ConfirmDialogKt._fireConfirm(_get(ConfirmDialog.class));
        assertThat(find(user.username()).role()).isEqualTo(Role.USER);
    }

    @Test
    void users_without_the_admin_role_cannot_open_admin_routes() {
        UserSummary user = testUsers.create("plain", Role.USER);
        login(user.username());

        // Karibu reports the access check's refusal as this exception; a browser gets Vaadin's not-found page.
        UI.getCurrent().navigate("admin/users");
        assertThat(_get(NotFoundView.class).headline()).isEqualTo("There is nothing to show at /admin/users");
        _assertNone(UsersView.class);
        UI.getCurrent().navigate("deployments");
        MainLayout layout = _get(MainLayout.class);
        assertThat(layout.navigationLabels()).containsExactly("Deployments", "Providers", "Accounts");
    }

    @Test
    void admins_see_the_admin_section() {
        login(PierIntegrationTest.ADMIN);
        UI.getCurrent().navigate("deployments");
        assertThat(_get(MainLayout.class).navigationLabels()).contains("Admin", "Users");
    }
}
