package dev.pier.deployment.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.RouteParameters;
import dev.pier.audit.AuditAction;
import dev.pier.audit.AuditEntry;
import dev.pier.audit.AuditLog;
import dev.pier.base.ui.TerminalPane;
import dev.pier.credentials.ui.ProviderAuthFallback;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.test.KaribuTest;
import dev.pier.test.MutableClock;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.TestDeployments;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserSummary;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;

/**
 * An administrator opens another user's deployment: recorded, read through the owner's account, the manifest read-only,
 * and a shell only after the explicit, recorded button.
 */
class AdministratorDeploymentViewTest extends KaribuTest {

    @Autowired
    TestUsers testUsers;

    @Autowired
    TestDeployments testDeployments;

    @Autowired
    DeploymentService deployments;

    @Autowired
    AuditLog audit;

    @Autowired
    MutableClock clock;

    @Test
    void another_users_deployment_is_read_only_and_its_shell_opens_only_when_asked_for() throws Exception {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        UserSummary erin = testUsers.create("erin", Role.USER);
        DeploymentSummary lease = testDeployments.idle(erin, "erin's app");
        try {
            login(PierIntegrationTest.ADMIN);
            open(lease, "status");
            DeploymentView view = _get(DeploymentView.class);
            assertThat(view.heading.getText()).contains("viewed as administrator");
            until("content", ((ProviderAuthFallback) view.panelFor("status"))::showsContent);
            StatusPanel status = _get(StatusPanel.class);
            until("erin's service, read with her account", () -> GridKt._size(status.grid) == 1);

            open(lease, "manifest");
            until(
                    "the manifest panel",
                    () -> view.panelFor("manifest") != null
                            && ((ProviderAuthFallback) view.panelFor("manifest")).showsContent());
            ManifestPanel manifest = _get(ManifestPanel.class);
            assertThat(manifest.apply.isEnabled()).isFalse();
            assertThat(manifest.editor.isReadOnly()).isTrue();

            open(lease, "shell");
            until(
                    "the shell panel",
                    () -> view.panelFor("shell") != null
                            && ((ProviderAuthFallback) view.panelFor("shell")).showsContent());
            ShellPanel shell = _get(ShellPanel.class);
            assertThat(shell.openAsAdministrator.isVisible()).isTrue();
            Thread.sleep(500);
            assertThat(shell.health.getText()).as("no shell before the button").doesNotStartWith("Live");
            _click(shell.openAsAdministrator);
            until("the shell is live", () -> shell.health.getText().equals("Live"));
            ComponentUtil.fireEvent(shell.pane, new TerminalPane.DataEvent(shell.pane, true, "echo ADMIN$((6*7))\n"));
            until("the shell's answer", () -> shell.recentOutput().contains("ADMIN42"));

            List<AuditEntry> recorded = testUsers
                    .asAdmin(() -> audit.search(PierIntegrationTest.ADMIN, null, null, PageRequest.of(0, 50)))
                    .getContent();
            assertThat(recorded).anySatisfy(e -> {
                assertThat(e.action()).isEqualTo(AuditAction.DEPLOYMENT_VIEWED_BY_ADMIN);
                assertThat(e.target()).isEqualTo("deployment " + lease.dseq());
            });
            assertThat(recorded).anySatisfy(e -> {
                assertThat(e.action()).isEqualTo(AuditAction.ADMIN_SHELL_OPENED);
                assertThat(e.detail()).startsWith("app-0 of ");
            });
        } finally {
            deployments.close(erin.id(), lease.dseq());
        }
    }

    @Test
    void a_user_opening_another_users_deployment_is_sent_to_their_own() {
        UserSummary frank = testUsers.create("frank", Role.USER);
        DeploymentSummary lease = testDeployments.idle(frank, "frank's app");
        try {
            login(testUsers.create("nosy", Role.USER).username());
            open(lease, "status");
            _get(DeploymentsView.class);
        } finally {
            deployments.close(frank.id(), lease.dseq());
        }
    }

    private static void open(DeploymentSummary deployment, String tab) {
        UI.getCurrent()
                .navigate(
                        DeploymentView.class,
                        new RouteParameters(Map.of("dseq", String.valueOf(deployment.dseq()), "tab", tab)));
    }
}
