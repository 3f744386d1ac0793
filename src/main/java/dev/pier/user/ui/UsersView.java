package dev.pier.user.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.pier.admin.UserOverview;
import dev.pier.admin.ui.UserDetailsDialog;
import dev.pier.auth.ui.SignedInUser;
import dev.pier.base.InvalidInputException;
import dev.pier.base.ui.BackgroundWork;
import dev.pier.base.ui.NarrowWindow;
import dev.pier.base.ui.Timestamps;
import dev.pier.user.Role;
import dev.pier.user.UserService;
import dev.pier.user.UserSummary;
import jakarta.annotation.security.RolesAllowed;

/** Admin → Users: every console user, searchable, with the actions an administrator needs. */
@Route("admin/users")
@PageTitle("Users")
@RolesAllowed("ADMIN")
public class UsersView extends VerticalLayout {

    final TextField search = new TextField();
    final Grid<UserSummary> grid = new Grid<>();
    final Button newUser = new Button("New user", VaadinIcon.PLUS.create());
    private final UserOverview overview;
    private final BackgroundWork work;
    private final SignedInUser signedIn;
    private final UserService users;

    public UsersView(UserService users, UserOverview overview, BackgroundWork work, SignedInUser signedIn) {
        this.users = users;
        this.overview = overview;
        this.work = work;
        this.signedIn = signedIn;
        setSizeFull();

        search.setPlaceholder("Search by username");
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setClearButtonVisible(true);
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        newUser.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        newUser.addClickListener(e -> openNewUserDialog());
        HorizontalLayout toolbar = new HorizontalLayout(search, newUser);
        toolbar.setWidthFull();
        toolbar.expand(search);

        grid.addColumn(UserSummary::username)
                .setHeader("Username")
                .setKey("username")
                .setFlexGrow(2);
        grid.addColumn(u -> u.role().name()).setHeader("Role").setKey("role");
        grid.addComponentColumn(UsersView::statusBadge).setHeader("Status").setKey("status");
        grid.addColumn(u -> Timestamps.absolute(u.createdAt()))
                .setHeader("Created")
                .setKey("created");
        grid.addComponentColumn(this::actions)
                .setHeader("")
                .setKey("actions")
                .setAutoWidth(true)
                .setFlexGrow(0);
        // Slice paging: the grid fetches page by page and needs no total count.
        grid.setItems(
                query -> users.list(search.getValue(), VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        grid.setSizeFull();
        add(toolbar, grid);
        // On a phone: who, whether enabled, and the actions (stacked).
        NarrowWindow.keepColumns(this, grid, "9em", "username", "status", "actions");
    }

    private static Component statusBadge(UserSummary user) {
        Span badge = new Span(user.enabled() ? "Enabled" : "Disabled");
        badge.getElement().getThemeList().add(user.enabled() ? "badge success" : "badge error");
        return badge;
    }

    private Component actions(UserSummary user) {
        Role other = user.role() == Role.ADMIN ? Role.USER : Role.ADMIN;
        Button role = small(
                "Make " + other.name(),
                () -> confirm(
                        "Make " + user.username() + " " + other + "?",
                        other == Role.ADMIN
                                ? "They will be able to manage every user and lease."
                                : "They will lose access to the Admin section. Their open browser tabs sign in again.",
                        "Make " + other,
                        () -> users.changeRole(user.id(), other)));
        Button reset = small("Reset password", () -> openResetDialog(user));
        Button enable = user.enabled()
                ? small(
                        "Disable",
                        () -> confirm(
                                "Disable " + user.username() + "?",
                                "Their browser sessions and API tokens stop working at once.",
                                "Disable",
                                () -> users.setEnabled(user.id(), false)))
                : small("Enable", () -> run(() -> users.setEnabled(user.id(), true), user.username() + " is enabled."));
        if (user.enabled()) {
            enable.addThemeVariants(ButtonVariant.LUMO_ERROR);
        }
        Button details = small("Details", () -> new UserDetailsDialog(overview, work, signedIn.id(), user).open());
        HorizontalLayout actions = new HorizontalLayout(details, role, reset, enable);
        actions.setWrap(true);
        actions.setSpacing(false);
        return actions;
    }

    private static Button small(String text, Runnable action) {
        Button button = new Button(text, e -> action.run());
        button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        return button;
    }

    private void confirm(String header, String text, String confirmText, Runnable action) {
        ConfirmDialog dialog = new ConfirmDialog(header, text, confirmText, e -> run(action, "Done."));
        dialog.setCancelable(true);
        dialog.setConfirmButtonTheme("error primary");
        dialog.open();
    }

    private void run(Runnable action, String success) {
        action.run();
        grid.getDataProvider().refreshAll();
        Notification.show(success, 3000, Notification.Position.BOTTOM_START)
                .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }

    private void openNewUserDialog() {
        NewUserForm form = new NewUserForm();
        Dialog dialog = new Dialog(form);
        dialog.setHeaderTitle("New user");
        form.addSubmitListener(e -> {
            try {
                users.create(e.username, e.password, e.role);
            } catch (InvalidInputException invalid) {
                if (form.showError(invalid.field(), invalid.getMessage())) {
                    return;
                }
                throw invalid;
            }
            dialog.close();
            run(() -> {}, "Created " + e.username + ".");
        });
        Button create = new Button("Create", e -> form.submit());
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), create);
        dialog.open();
    }

    private void openResetDialog(UserSummary user) {
        PasswordField password = new PasswordField("New password");
        password.setHelperText(UserService.PASSWORD_RULE + ". Their sessions end at once.");
        password.setWidthFull();
        Dialog dialog = new Dialog(password);
        dialog.setHeaderTitle("Reset password of " + user.username());
        Button save = new Button("Reset password", e -> {
            try {
                users.resetPassword(user.id(), password.getValue());
            } catch (InvalidInputException invalid) {
                password.setErrorMessage(invalid.getMessage());
                password.setInvalid(true);
                return;
            }
            dialog.close();
            run(() -> {}, "Password of " + user.username() + " reset.");
        });
        save.setId("confirm-password-reset");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
    }
}
