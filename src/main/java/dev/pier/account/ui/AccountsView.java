package dev.pier.account.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.pier.account.AccountKeyInfo;
import dev.pier.account.AccountService;
import dev.pier.account.AccountSummary;
import dev.pier.auth.PierPrincipal;
import dev.pier.base.InvalidInputException;
import dev.pier.base.ui.NarrowWindow;
import dev.pier.base.ui.Timestamps;
import jakarta.annotation.security.PermitAll;

/** The user's accounts: addresses, keys, new and imported accounts, key rotation, and which one this tab uses. */
@Route("accounts")
@PageTitle("Accounts")
@PermitAll
public class AccountsView extends VerticalLayout {

    final Grid<AccountSummary> grid = new Grid<>();
    final Button newAccount = new Button("New account", VaadinIcon.PLUS.create());
    final Button importKey = new Button("Import key", VaadinIcon.UPLOAD.create());
    private final AccountService accounts;
    private final ActiveAccount active;
    private final long userId;

    public AccountsView(AccountService accounts, ActiveAccount active, AuthenticationContext authentication) {
        this.accounts = accounts;
        this.active = active;
        this.userId = authentication
                .getAuthenticatedUser(PierPrincipal.class)
                .orElseThrow()
                .userId();
        setSizeFull();

        add(new Paragraph("An account signs the tokens Pier presents to providers and owns the leases made with it. "
                + "Its private key is encrypted at rest and never leaves the console."));
        newAccount.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        newAccount.addClickListener(e -> openNewAccount());
        importKey.addClickListener(e -> openImport());
        add(new HorizontalLayout(newAccount, importKey));

        grid.addColumn(AccountSummary::name).setHeader("Name").setKey("name");
        grid.addColumn(AccountSummary::address)
                .setHeader("Address")
                .setKey("address")
                .setFlexGrow(3);
        grid.addComponentColumn(this::badges).setHeader("").setKey("badges");
        grid.addColumn(a -> Timestamps.absolute(a.createdAt()))
                .setHeader("Created")
                .setKey("created");
        grid.addComponentColumn(this::actions)
                .setHeader("")
                .setKey("actions")
                .setAutoWidth(true)
                .setFlexGrow(0);
        // On a phone: the name, its badges and the actions; the address and the date show on a wider screen.
        NarrowWindow.keepColumns(this, grid, "8em", "name", "badges", "actions");
        grid.setItemDetailsRenderer(new ComponentRenderer<>(this::keyDetails));
        grid.setSizeFull();
        add(grid);
        refresh();
        active.addSwitchListener(a -> refresh());
    }

    private Component badges(AccountSummary account) {
        HorizontalLayout badges = new HorizontalLayout();
        if (account.id() == active.currentId()) {
            Span inUse = new Span("This tab");
            inUse.getElement().getThemeList().add("badge success");
            badges.add(inUse);
        }
        if (account.isDefault()) {
            Span def = new Span("Default");
            def.getElement().getThemeList().add("badge contrast");
            badges.add(def);
        }
        return badges;
    }

    private Component actions(AccountSummary account) {
        Button use = new Button("Use in this tab", e -> active.switchTo(account.id()));
        use.setEnabled(account.id() != active.currentId());
        Button rotate = new Button("Rotate key", e -> {
            ConfirmDialog confirm = new ConfirmDialog(
                    "Rotate the key of " + account.name() + "?",
                    "A new key signs from now on. The old one stays published until every token it signed has expired, "
                            + "so nothing running is interrupted.",
                    "Rotate",
                    ok -> {
                        AccountKeyInfo key = accounts.rotateKey(userId, account.id());
                        refresh();
                        Notification.show(
                                        "New key " + key.kid().substring(0, 12) + "… is active.",
                                        4000,
                                        Notification.Position.BOTTOM_START)
                                .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                    });
            confirm.setCancelable(true);
            confirm.open();
        });
        Button retire = new Button("Retire", e -> {
            ConfirmDialog confirm = new ConfirmDialog(
                    "Retire " + account.name() + "?",
                    "It will sign nothing any more, and providers refuse its tokens within seconds, ending its open "
                            + "shells and log streams. Its closed deployments stay readable. This cannot be undone.",
                    "Retire",
                    ok -> {
                        try {
                            accounts.retire(userId, account.id());
                            refresh();
                            Notification.show(account.name() + " is retired.", 4000, Notification.Position.BOTTOM_START)
                                    .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                        } catch (InvalidInputException refused) {
                            Notification.show(refused.getMessage(), 8000, Notification.Position.MIDDLE)
                                    .addThemeVariants(NotificationVariant.LUMO_WARNING);
                        }
                    });
            confirm.setConfirmButtonTheme("error primary");
            confirm.setCancelable(true);
            confirm.open();
        });
        retire.setEnabled(!account.isDefault());
        retire.setTooltipText(account.isDefault() ? "Make another account the default first" : null);
        use.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        rotate.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        retire.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        HorizontalLayout actions = new HorizontalLayout(use, rotate, retire);
        // In a phone's narrow column the three stack instead of running past the screen's edge.
        actions.setWrap(true);
        actions.setSpacing(false);
        return actions;
    }

    private Component keyDetails(AccountSummary account) {
        VerticalLayout details = new VerticalLayout();
        details.setPadding(false);
        for (AccountKeyInfo key : accounts.keysOf(userId, account.id())) {
            String state = key.active()
                    ? "signing"
                    : "retired " + Timestamps.absolute(key.retiredAt()) + ", published until "
                            + Timestamps.absolute(key.publishedUntil());
            details.add(new Span("Key " + key.kid() + " — " + state));
        }
        return details;
    }

    void refresh() {
        // A user has a few accounts: loaded whole, no paging needed.
        grid.setItems(accounts.accountsOf(userId));
    }

    private void openNewAccount() {
        TextField name = new TextField("Name");
        name.setRequired(true);
        Dialog dialog = new Dialog(new FormLayout(name));
        dialog.setHeaderTitle("New account");
        Button create = new Button("Create", e -> {
            try {
                accounts.create(userId, name.getValue());
            } catch (InvalidInputException invalid) {
                name.setErrorMessage(invalid.getMessage());
                name.setInvalid(true);
                return;
            }
            dialog.close();
            refresh();
        });
        create.setId("create-account");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), create);
        dialog.open();
    }

    private void openImport() {
        TextField name = new TextField("Name");
        PasswordField key = new PasswordField("Private key");
        key.setHelperText(
                "secp256k1 private key, 64 hexadecimal characters. It is encrypted at once and never shown again.");
        Dialog dialog = new Dialog(new FormLayout(name, key));
        dialog.setHeaderTitle("Import an existing key");
        Button save = new Button("Import", e -> {
            name.setInvalid(false);
            key.setInvalid(false);
            try {
                accounts.importKey(userId, name.getValue(), key.getValue());
            } catch (InvalidInputException invalid) {
                var field = "name".equals(invalid.field()) ? name : key;
                field.setErrorMessage(invalid.getMessage());
                field.setInvalid(true);
                return;
            }
            dialog.close();
            refresh();
        });
        save.setId("import-account");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
    }
}
