package dev.pier.deployment.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import dev.pier.base.InvalidInputException;
import dev.pier.base.ui.BackgroundWork;
import dev.pier.base.ui.Timestamps;
import dev.pier.deployment.DeploymentSecret;
import dev.pier.deployment.DeploymentSecrets;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.deployment.ProviderProblem;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A deployment's secrets: names and who set each when, never a value. A value is typed into a password field to set or
 * change it (the old one is not shown); a change to a secret the manifest uses is applied at once, in the background,
 * and shows as the next manifest version.
 */
class SecretsPanel extends Composite<VerticalLayout> {

    final Grid<DeploymentSecret> grid = new Grid<>();
    final Button add = new Button("Add secret");
    /** What the last change did, or why it failed. */
    final Span outcome = new Span();
    /** The dialog open now (for tests). */
    @Nullable
    Dialog dialog;

    @Nullable
    ConfirmDialog confirmRemove;

    private final DeploymentSecrets secrets;
    private final DeploymentSummary deployment;
    private final long userId;
    private final String username;
    private final BackgroundWork work;
    private final boolean readOnly;

    SecretsPanel(
            DeploymentSecrets secrets,
            DeploymentSummary deployment,
            long userId,
            String username,
            BackgroundWork work,
            Clock clock,
            boolean readOnly) {
        this.secrets = secrets;
        this.deployment = deployment;
        this.userId = userId;
        this.username = username;
        this.work = work;
        this.readOnly = readOnly;
        Paragraph about = new Paragraph("Secrets are kept encrypted and reach only this deployment's containers. Use "
                + "one in the manifest as an environment value: TOKEN=${secret:api-token}. A value is never shown "
                + "again, here, in the manifest, its history or the API.");
        about.addClassName("secrets-about");
        grid.addColumn(DeploymentSecret::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(s -> "••••••").setHeader("Value").setAutoWidth(true);
        grid.addColumn(DeploymentSecret::updatedBy).setHeader("Set by").setAutoWidth(true);
        grid.addColumn(s -> Timestamps.relative(s.updatedAt(), clock) + " (" + Timestamps.absolute(s.updatedAt()) + ")")
                .setHeader("When")
                .setAutoWidth(true);
        if (!readOnly) {
            grid.addComponentColumn(this::actions)
                    .setHeader("")
                    .setKey("actions")
                    .setAutoWidth(true);
        }
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText(
                readOnly
                        ? "This deployment has no secrets."
                        : "No secrets yet. Add one, then refer to it in the manifest as ${secret:NAME}.");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.addClickListener(e -> ask(null));
        add.setVisible(!readOnly);
        outcome.getElement().setAttribute("aria-live", "polite");
        getContent().setPadding(false);
        getContent().add(about, add, outcome, grid);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        refresh();
    }

    private void refresh() {
        grid.setItems(secrets.list(deployment));
    }

    private HorizontalLayout actions(DeploymentSecret secret) {
        Button change = new Button("Change…", e -> ask(secret.name()));
        change.setAriaLabel("Change the value of " + secret.name());
        Button remove = new Button("Remove", e -> confirmRemoval(secret.name()));
        remove.setAriaLabel("Remove " + secret.name());
        remove.addThemeVariants(ButtonVariant.LUMO_ERROR);
        List.of(change, remove).forEach(b -> b.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY));
        return new HorizontalLayout(change, remove);
    }

    /** Asks for a new secret ({@code existing} null) or a new value of one; the old value is never put in the field. */
    private void ask(@Nullable String existing) {
        TextField name = new TextField("Name");
        name.setRequired(true);
        name.setWidthFull();
        name.setHelperText("A letter, then letters, digits, '_' or '-'");
        PasswordField value = new PasswordField("Value");
        value.setRequired(true);
        value.setWidthFull();
        if (existing != null) {
            name.setValue(existing);
            name.setReadOnly(true);
            value.setHelperText("The current value is not shown. Type the new one; it replaces the old.");
        }
        Dialog ask = new Dialog(new VerticalLayout(name, value));
        ask.setHeaderTitle(existing == null ? "Add a secret" : "Change " + existing);
        ask.setWidth("min(28rem, 95vw)");
        Button save = new Button("Save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> {
            save.setEnabled(false);
            name.setInvalid(false);
            value.setInvalid(false);
            String chosen = name.getValue().trim();
            outcome.setText("Saving " + chosen + "… (a secret the manifest uses is applied at once)");
            work.run(
                    this,
                    () -> secrets.set(userId, username, deployment.dseq(), chosen, value.getValue(), progress -> {}),
                    change -> {
                        ask.close();
                        value.clear();
                        outcome.setText((change.created() ? "Added " : "Changed ")
                                + chosen
                                + change.applied()
                                        .map(v -> "; applied as manifest version " + v.version() + ".")
                                        .orElse("."));
                        refresh();
                    },
                    failure -> {
                        save.setEnabled(true);
                        if (failure instanceof InvalidInputException invalid
                                && (invalid.field().equals("name")
                                        || invalid.field().equals("value"))) {
                            // The error sits under the field it is about; the dialog stays open.
                            if (invalid.field().equals("name")) {
                                name.setErrorMessage(invalid.getMessage());
                                name.setInvalid(true);
                            } else {
                                value.setErrorMessage(invalid.getMessage());
                                value.setInvalid(true);
                            }
                            outcome.setText("");
                        } else {
                            outcome.setText("Not saved: " + ProviderProblem.text(failure, deployment.provider())
                                    + " The old value stays in place.");
                        }
                    });
        });
        ask.getFooter().add(new Button("Cancel", e -> ask.close()), save);
        dialog = ask;
        ask.open();
    }

    private void confirmRemoval(String name) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setHeader("Remove " + name + "?");
        confirm.setText("The value is deleted for good. A manifest that still uses ${secret:" + name
                + "} cannot be applied until it is set again.");
        confirm.setCancelable(true);
        confirm.setConfirmText("Remove");
        confirm.setConfirmButtonTheme("error primary");
        confirm.addConfirmListener(e -> {
            try {
                secrets.remove(userId, deployment.dseq(), name);
                outcome.setText("Removed " + name + ".");
            } catch (InvalidInputException refused) {
                outcome.setText(refused.getMessage());
            }
            refresh();
        });
        confirmRemove = confirm;
        confirm.open();
    }
}
