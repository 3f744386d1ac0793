package dev.pier.deployment.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.RouteParameters;
import dev.pier.account.AccountService;
import dev.pier.base.ui.TerminalPane;
import dev.pier.credentials.ui.ProviderAuthFallback;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.test.KaribuTest;
import dev.pier.test.ProviderTestSupport;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserSummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The shell's service and replica are chosen from the manifest in force, and a choice it lost shows on its field. */
class ShellPanelTest extends KaribuTest {

    static final String TWO_SERVICES = """
            version: "1"
            services:
              app:
                command: ["sh", "-c", "sleep 100000"]
              web:
                command: ["sh", "-c", "sleep 100000"]
                count: 2
            """;

    @Autowired
    TestUsers testUsers;

    @Autowired
    DeploymentService deployments;

    @Autowired
    AccountService accounts;

    @Autowired
    ProviderTestSupport provider;

    UserSummary user;
    DeploymentSummary deployment;

    @BeforeEach
    void deploy() {
        user = testUsers.create("shell-choice", Role.USER);
        deployment = deployments.create(
                user.id(),
                user.username(),
                accounts.defaultAccountOf(user.id()).id(),
                provider.provider().address(),
                "two services",
                TWO_SERVICES,
                step -> {});
        login(user.username());
    }

    @AfterEach
    void close() {
        deployments.close(user.id(), deployment.dseq());
    }

    private ShellPanel openShell() throws InterruptedException {
        UI.getCurrent()
                .navigate(
                        DeploymentView.class,
                        new RouteParameters(Map.of("dseq", String.valueOf(deployment.dseq()), "tab", "shell")));
        ProviderAuthFallback fallback =
                (ProviderAuthFallback) _get(DeploymentView.class).panelFor("shell");
        until("content behind the fallback", fallback::showsContent);
        return _get(ShellPanel.class);
    }

    @Test
    void service_and_replica_offer_only_what_the_manifest_runs_and_the_shell_follows_the_choice() throws Exception {
        ShellPanel shell = openShell();
        assertThat(items(shell.service)).containsExactly("app", "web");
        assertThat(shell.service.getValue()).isEqualTo("app");
        assertThat(items(shell.replica)).containsExactly(0);
        assertThat(shell.clipboardHint.getText()).startsWith("Ctrl+Shift+V pastes");

        _setValue(shell.service, "web");
        assertThat(items(shell.replica)).as("web's two replicas").containsExactly(0, 1);
        assertThat(shell.replica.getValue()).isZero();
        _setValue(shell.replica, 1);
        type(shell, "echo AT=$SERVICE.$((REPLICA*7))\n");
        until("the shell of web's second replica", () -> shell.recentOutput().contains("AT=web.7"));
    }

    @Test
    void a_service_the_manifest_no_longer_has_shows_on_the_service_field() throws Exception {
        ShellPanel shell = openShell();
        _setValue(shell.service, "web");
        _setValue(shell.replica, 1);
        until("the shell is live", () -> shell.health.getText().equals("Live"));

        // Scaling down ends the shell of replica 1; the Replica field, not only the badge, says why.
        deployments.scale(user.id(), user.username(), deployment.dseq(), "web", 1, step -> {});
        until("the replica field's error", shell.replica::isInvalid);
        assertThat(shell.replica.getErrorMessage()).isEqualTo("web now runs replica 0 only; replica 1 is gone.");
        assertThat(items(shell.replica)).containsExactly(0);

        deployments.updateManifest(
                user.id(),
                user.username(),
                deployment.dseq(),
                TWO_SERVICES.substring(0, TWO_SERVICES.indexOf("  web:")),
                step -> {});
        // Reconnecting reads the manifest again: the service is gone from it.
        _click(shell.health.reconnect);
        assertThat(shell.service.isInvalid()).isTrue();
        assertThat(shell.service.getErrorMessage())
                .isEqualTo("The manifest in force no longer has web; choose one of its services.");
        assertThat(items(shell.service)).containsExactly("app");
        assertThat(shell.health.getText()).isEqualTo("Not connected");
        _setValue(shell.files.filePath, "/etc/hostname");
        _click(shell.files.downloadFile);
        assertThat(shell.files.fileProgress.getText()).isEqualTo("Choose a service and a replica above first.");

        _setValue(shell.service, "app");
        assertThat(shell.service.isInvalid()).isFalse();
        type(shell, "echo BACK=$SERVICE.$((REPLICA+5))\n");
        until("a shell in the remaining service", () -> shell.recentOutput().contains("BACK=app.5"));
    }

    private static <T> List<T> items(Select<T> field) {
        return field.getListDataView().getItems().toList();
    }

    private static void type(ShellPanel shell, String text) throws InterruptedException {
        for (int i = 0; i < 100 && !shell.health.getText().equals("Live"); i++) {
            Thread.sleep(50);
            MockVaadin.clientRoundtrip();
        }
        ComponentUtil.fireEvent(shell.pane, new TerminalPane.DataEvent(shell.pane, true, text));
    }
}
