package dev.pier.deployment.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.RouteParameters;
import dev.pier.account.AccountService;
import dev.pier.credentials.ui.ProviderAuthFallback;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.deployment.ProviderChoice;
import dev.pier.test.KaribuTest;
import dev.pier.test.MutableClock;
import dev.pier.test.ProviderTestSupport;
import dev.pier.test.TestUsers;
import dev.pier.user.UserSummary;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The Secrets tab and the new-deployment form's secret fields: values go in, and never come out. */
class SecretsPanelTest extends KaribuTest {

    static final String VALUE = "s3cret-" + Long.toHexString(System.nanoTime());
    static final String MANIFEST = "version: \"1\"\nservices:\n  app:\n    command: [\"sleep\", \"300\"]\n    env:\n"
            + "      - TOKEN=${secret:api-token}\n";

    @Autowired
    TestUsers testUsers;

    @Autowired
    DeploymentService deployments;

    @Autowired
    AccountService accounts;

    @Autowired
    ProviderTestSupport provider;

    @Autowired
    MutableClock clock;

    UserSummary user;
    DeploymentSummary deployment;

    @BeforeEach
    void deploy() {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        user = testUsers.create("secretive", ProviderTestSupport.workloadRole());
        deployment = deployments.create(
                user.id(),
                user.username(),
                accounts.defaultAccountOf(user.id()).id(),
                provider.provider().address(),
                "secret app",
                MANIFEST,
                Map.of("api-token", VALUE),
                step -> {});
        login(user.username());
    }

    private SecretsPanel openSecrets() throws InterruptedException {
        UI.getCurrent()
                .navigate(
                        DeploymentView.class,
                        new RouteParameters(Map.of("dseq", String.valueOf(deployment.dseq()), "tab", "secrets")));
        ProviderAuthFallback fallback =
                (ProviderAuthFallback) _get(DeploymentView.class).panelFor("secrets");
        until("content behind the fallback", fallback::showsContent);
        return _get(SecretsPanel.class);
    }

    private static String pageText() {
        return UI.getCurrent().getElement().getTextRecursively();
    }

    @Test
    void secrets_are_listed_by_name_and_changed_without_showing_the_old_value() throws Exception {
        SecretsPanel panel = openSecrets();
        assertThat(GridKt._size(panel.grid)).isEqualTo(1);
        assertThat(GridKt._get(panel.grid, 0).name()).isEqualTo("api-token");
        assertThat(GridKt._getFormattedRow(panel.grid, 0)).contains("api-token", "••••••", user.username());
        assertThat(String.join(" ", GridKt._getFormattedRow(panel.grid, 0))).doesNotContain(VALUE);

        HorizontalLayout actions = (HorizontalLayout) GridKt._getCellComponent(panel.grid, 0, "actions");
        _click((Button) actions.getComponentAt(0));
        PasswordField value = _get(panel.dialog, PasswordField.class);
        assertThat(value.getValue())
                .as("the old value is never put in the field")
                .isEmpty();
        assertThat(_get(panel.dialog, TextField.class).isReadOnly()).isTrue();
        value.setValue("a-new-value");
        _click(_get(panel.dialog, Button.class, spec -> spec.withText("Save")));
        until("the change applied", () -> panel.outcome.getText().startsWith("Changed"));
        assertThat(panel.outcome.getText()).isEqualTo("Changed api-token; applied as manifest version 2.");
        assertThat(deployments.versions(user.id(), deployment.dseq()).get(0).change())
                .isEqualTo("changed secret api-token");
        assertThat(pageText()).doesNotContain(VALUE).doesNotContain("a-new-value");
    }

    @Test
    void a_bad_name_shows_on_its_field_and_a_used_secret_is_not_removed() throws Exception {
        SecretsPanel panel = openSecrets();
        _click(panel.add);
        TextField name = _get(panel.dialog, TextField.class);
        name.setValue("no spaces please");
        _get(panel.dialog, PasswordField.class).setValue("x");
        _click(_get(panel.dialog, Button.class, spec -> spec.withText("Save")));
        until("the field's error", name::isInvalid);
        assertThat(name.getErrorMessage()).contains("A secret's name is a letter");
        assertThat(panel.dialog.isOpened()).isTrue();

        HorizontalLayout actions = (HorizontalLayout) GridKt._getCellComponent(panel.grid, 0, "actions");
        _click((Button) actions.getComponentAt(1));
        ConfirmDialogKt._fireConfirm(_get(ConfirmDialog.class));
        assertThat(panel.outcome.getText()).contains("The manifest in force uses the secret 'api-token'");
        assertThat(GridKt._size(panel.grid)).isEqualTo(1);
    }

    @Test
    void the_new_deployment_form_asks_for_each_secret_the_manifest_names() {
        NewDeploymentForm form = new NewDeploymentForm(
                List.of(new ProviderChoice(provider.provider().address(), "Local", true, true)));
        UI.getCurrent().add(form);
        form.name.setValue("with a secret");
        form.manifest.setValue(MANIFEST);
        assertThat(form.secretFields).containsOnlyKeys("api-token");
        String[] submitted = {null};
        form.addDeployListener(e -> submitted[0] = e.secrets.get("api-token"));
        form.submit();
        assertThat(submitted[0]).isNull();
        assertThat(form.secretFields.get("api-token").isInvalid()).isTrue();

        form.secretFields.get("api-token").setValue("typed");
        form.submit();
        assertThat(submitted[0]).isEqualTo("typed");
        // A reference taken out of the manifest takes its field with it.
        form.manifest.setValue(MANIFEST.replace("${secret:api-token}", "plain"));
        assertThat(form.secretFields).isEmpty();
    }
}
