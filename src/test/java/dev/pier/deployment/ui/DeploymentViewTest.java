package dev.pier.deployment.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.router.RouteParameters;
import dev.pier.account.AccountService;
import dev.pier.base.ui.TerminalPane;
import dev.pier.base.ui.Timestamps;
import dev.pier.credentials.ui.ProviderAuthFallback;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.deployment.LeaseArchive;
import dev.pier.deployment.LogExport;
import dev.pier.deployment.ManifestVersionSummary;
import dev.pier.manifest.ManifestParser;
import dev.pier.provider.client.ProviderClient;
import dev.pier.test.KaribuTest;
import dev.pier.test.MutableClock;
import dev.pier.test.ProviderTestSupport;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserSummary;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The deployment page: URL-chosen tab, fallback → content, live status, manifest validation, diff, apply and re-apply.
 */
class DeploymentViewTest extends KaribuTest {

    static final String V1 =
            "version: \"1\"\nservices:\n  app:\n    command: [\"sh\", \"-c\", \"while true; do echo one; sleep "
                    + "1; done\"]\n";

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

    @Autowired
    LogExport logExport;

    @Autowired
    LeaseArchive archive;

    UserSummary user;
    DeploymentSummary deployment;

    @BeforeEach
    void deploy() {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        user = testUsers.create("detail", Role.USER);
        deployment = deployments.create(
                user.id(),
                user.username(),
                accounts.defaultAccountOf(user.id()).id(),
                provider.provider().address(),
                "detail app",
                V1,
                step -> {});
        login(user.username());
    }

    private void open(String tab) {
        UI.getCurrent()
                .navigate(
                        DeploymentView.class,
                        new RouteParameters(Map.of("dseq", String.valueOf(deployment.dseq()), "tab", tab)));
    }

    /** The Status tab once credentials are usable and the service's row is there. */
    private StatusPanel openStatus() throws InterruptedException {
        open("status");
        ProviderAuthFallback fallback =
                (ProviderAuthFallback) _get(DeploymentView.class).panelFor("status");
        until("content behind the fallback", fallback::showsContent);
        StatusPanel status = _get(StatusPanel.class);
        until("the service row", () -> GridKt._size(status.grid) == 1);
        return status;
    }

    @Test
    void the_status_tab_shows_services_once_credentials_are_usable() throws Exception {
        StatusPanel status = openStatus();
        DeploymentView view = _get(DeploymentView.class);
        assertThat(GridKt._get(status.grid, 0).name()).isEqualTo("app");
        assertThat(GridKt._get(status.grid, 0).total()).isEqualTo(1);
        assertThat(view.heading.getText())
                .contains(String.valueOf(deployment.dseq()))
                .contains("detail app");
    }

    @Test
    void the_manifest_tab_validates_diffs_applies_and_reapplies() throws Exception {
        open("manifest");
        ProviderAuthFallback fallback =
                (ProviderAuthFallback) _get(DeploymentView.class).panelFor("manifest");
        until("content behind the fallback", fallback::showsContent);
        ManifestPanel panel = _get(ManifestPanel.class);
        until("the manifest in force", () -> V1.equals(panel.editor.getValue()) && GridKt._size(panel.history) == 1);

        _setValue(panel.editor, V1 + "    replicas: 2\n");
        _click(panel.check);
        assertThat(panel.errors.getText()).contains("line 5, column 5").contains("Unknown key 'replicas'");
        _click(panel.review);
        assertThat(panel.diff.getElement().getTextRecursively())
                .as("an invalid edit is not reviewed")
                .isEqualTo("Fix the errors above before reviewing the changes.");
        _click(panel.apply);
        assertThat(panel.errors.getText()).contains("line 5, column 5").contains("Unknown key 'replicas'");

        String v2 = V1.replace("echo one", "echo two");
        _setValue(panel.editor, v2);
        _click(panel.check);
        assertThat(panel.progress.getText()).isEqualTo("The manifest is valid.");
        _click(panel.review);
        assertThat(panel.diff.getElement().getTextRecursively())
                .contains("- " + V1.split("\n")[3])
                .contains("+ " + v2.split("\n")[3]);
        assertThat(panel.diff
                        .getChildren()
                        .filter(c -> c.hasClassName("diff-added"))
                        .count())
                .isEqualTo(1);
        assertThat(panel.diff
                        .getChildren()
                        .filter(c -> c.hasClassName("diff-removed"))
                        .count())
                .isEqualTo(1);

        _click(panel.apply);
        until("version 2", () -> GridKt._size(panel.history) == 2);
        until("the last progress step", () -> panel.progress.getText().equals("Version 2 is in force."));

        int row = GridKt._findAll(panel.history).stream()
                .map(ManifestVersionSummary::version)
                .toList()
                .indexOf(1);
        // An old version can be read, with its changes against the one in force, before it is applied again.
        _click(_get(GridKt._getCellComponent(panel.history, row, "view"), Button.class, spec -> spec.withText("View")));
        assertThat(panel.versionDialog.isOpened()).isTrue();
        assertThat(panel.versionDialog.getHeaderTitle()).startsWith("Version 1, applied by " + user.username());
        _click(_get(panel.versionDialog, Button.class, spec -> spec.withText("Close")));
        _click(_get(
                GridKt._getCellComponent(panel.history, row, "actions"),
                Button.class,
                spec -> spec.withText("Apply again")));
        ConfirmDialogKt._fireConfirm(_get(ConfirmDialog.class));
        until("version 3", () -> GridKt._size(panel.history) == 3);
        assertThat(deployments.versions(user.id(), deployment.dseq()).get(0).yaml())
                .isEqualTo(V1);
        assertThat(deployments.manifestInForce(deployment)).isEqualTo(V1);
    }

    @Test
    void downloading_a_file_without_a_path_names_the_field_and_starts_nothing() throws Exception {
        open("shell");
        until("the shell panel", () -> !LocatorJ._find(ShellPanel.class).isEmpty());
        ShellPanel shell = _get(ShellPanel.class);
        _setValue(shell.files.filePath, "   ");
        _click(shell.files.downloadFile);
        assertThat(shell.files.filePath.isInvalid()).isTrue();
        assertThat(shell.files.filePath.getErrorMessage()).startsWith("Enter the path of a file in the service");
        assertThat(shell.files.fileProgress.getText()).isEmpty();
    }

    @Test
    void the_logs_tab_streams_lines_in_batches_and_switching_tabs_keeps_the_stream() throws Exception {
        open("logs");
        DeploymentView view = _get(DeploymentView.class);
        ProviderAuthFallback fallback = (ProviderAuthFallback) view.panelFor("logs");
        until("content behind the fallback", fallback::showsContent);
        StreamPanel logs = _get(StreamPanel.class);
        PaneLines written = PaneLines.of(logs.pane);
        until("three log lines", () -> written.lines().size() >= 3);
        assertThat(written.lines().get(0)).contains("app-0").contains("one");
        assertThat(logs.health.getText()).isEqualTo("Live");
        assertThat(written.writes())
                .as("batched: no more pushes than lines")
                .isLessThanOrEqualTo(written.lines().size());

        open("events");
        until(
                "the events panel",
                () -> view.panelFor("events") != null
                        && ((ProviderAuthFallback) view.panelFor("events")).showsContent());
        open("logs");
        assertThat(view.panelFor("logs")).isSameAs(fallback);
        int before = written.lines().size();
        until("more lines on the same stream", () -> written.lines().size() > before);
        assertThat(written.lines().stream()
                        .filter(l -> l.equals(written.lines().get(0)))
                        .count())
                .isEqualTo(1);
    }

    @Test
    void the_shell_tab_runs_commands_and_reattaches_to_the_same_shell_after_leaving() throws Exception {
        open("shell");
        ProviderAuthFallback fallback =
                (ProviderAuthFallback) _get(DeploymentView.class).panelFor("shell");
        until("content behind the fallback", fallback::showsContent);
        ShellPanel shell = _get(ShellPanel.class);
        assertThat(shell.service.getValue()).isEqualTo("app");
        type(shell, "echo PID=$$ END$((1+1))\n");
        until("the shell's answer", () -> shell.recentOutput().contains("END2"));
        Matcher pid = Pattern.compile("PID=(\\d+) END2").matcher(shell.recentOutput());
        assertThat(pid.find()).isTrue();

        UI.getCurrent().navigate(DeploymentsView.class);
        open("shell");
        ShellPanel again = _get(ShellPanel.class);
        assertThat(again).isNotSameAs(shell);
        until(
                "the new panel's content",
                () -> ((ProviderAuthFallback) _get(DeploymentView.class).panelFor("shell")).showsContent());
        type(again, "echo AGAIN=$$ E$((2+2))\n");
        until("the same shell's answer", () -> again.recentOutput().contains("E4"));
        assertThat(again.recentOutput()).contains("AGAIN=" + pid.group(1));
    }

    private static void type(ShellPanel shell, String text) throws InterruptedException {
        for (int i = 0; i < 100 && !shell.health.getText().equals("Live"); i++) {
            Thread.sleep(50);
            MockVaadin.clientRoundtrip();
        }
        ComponentUtil.fireEvent(shell.pane, new TerminalPane.DataEvent(shell.pane, true, text));
    }

    @Autowired
    ProviderClient client;

    @Test
    void leaving_the_page_closes_its_provider_sockets() throws Exception {
        int before = client.openSockets();
        open("logs");
        until(
                "the log stream",
                () -> _get(DeploymentView.class).panelFor("logs") != null
                        && ((ProviderAuthFallback) _get(DeploymentView.class).panelFor("logs")).showsContent());
        open("shell");
        until(
                "the shell content",
                () -> ((ProviderAuthFallback) _get(DeploymentView.class).panelFor("shell")).showsContent());
        until("two sockets open", () -> client.openSockets() == before + 2);

        UI.getCurrent().navigate(DeploymentsView.class);
        until("every socket closed", () -> client.openSockets() == before);
    }

    @Test
    void a_closed_deployment_says_who_closed_it_and_keeps_its_manifest_log_and_events_readable() throws Exception {
        long lines = 0;
        for (int i = 0; i < 100 && lines < 3; i++) {
            Thread.sleep(100);
            lines = logExport.writeLog(deployment, null, OutputStream.nullOutputStream(), n -> {});
        }
        assertThat(lines).as("the service logged before the close").isGreaterThanOrEqualTo(3);
        DeploymentSummary closed = deployments.close(user.id(), deployment.dseq());
        assertThat(closed.closedBy()).isEqualTo(user.username());

        open("status");
        DeploymentView view = _get(DeploymentView.class);
        assertThat(view.heading.getText())
                .contains("closed on " + Timestamps.absolute(closed.closedAt()))
                .contains("by " + user.username());
        assertThat(((Paragraph) view.panelFor("status")).getText())
                .contains("Its lease and containers are gone")
                .contains("are kept until "
                        + Timestamps.absolute(closed.closedAt().plus(Duration.ofDays(7))));

        open("logs");
        StreamPanel logs = (StreamPanel) view.panelFor("logs");
        PaneLines written = PaneLines.of(logs.pane);
        until("the kept lines", () -> written.lines().size() >= 3);
        assertThat(written.lines().get(0)).contains("app-0").contains("one");
        until("the archived state", () -> logs.health.getText().startsWith("Closed: the last"));
        assertThat(logs.health.reconnect.isVisible())
                .as("nothing to reconnect to")
                .isFalse();
        ByteArrayOutputStream download = new ByteArrayOutputStream();
        assertThat(logExport.writeLog(closed, null, download, n -> {})).isGreaterThanOrEqualTo(3);
        assertThat(download.toString(StandardCharsets.UTF_8))
                .contains("app-0 stdout one")
                .doesNotContain("HTTP 404");

        open("events");
        StreamPanel events = (StreamPanel) view.panelFor("events");
        PaneLines eventLines = PaneLines.of(events.pane);
        until("the kept events", () -> eventLines.lines().stream().anyMatch(l -> l.contains("started")));
        until("the archived state", () -> events.health.getText().startsWith("Closed:"));
        assertThat(events.health.reconnect.isVisible()).isFalse();
        ByteArrayOutputStream eventsDownload = new ByteArrayOutputStream();
        assertThat(logExport.writeEvents(closed, null, eventsDownload, n -> {})).isPositive();
        assertThat(eventsDownload.toString(StandardCharsets.UTF_8)).contains("app-0 started");
        assertThat(events.download.getText()).isEqualTo("Download events");

        open("manifest");
        ManifestPanel manifest = (ManifestPanel) view.panelFor("manifest");
        until("the last manifest", () -> V1.equals(manifest.editor.getValue()));
        assertThat(GridKt._size(manifest.history)).isEqualTo(1);
        assertThat(manifest.apply.isEnabled()).isFalse();
        assertThat(manifest.progress.getText()).contains("the deployment is closed");

        open("shell");
        assertThat(((Paragraph) view.panelFor("shell")).getText()).contains("has no shell");

        // Past the retention the log is gone, and the page says so instead of failing.
        clock.advance(Duration.ofDays(8));
        assertThat(archive.purge()).isGreaterThanOrEqualTo(2);
        ByteArrayOutputStream late = new ByteArrayOutputStream();
        assertThat(logExport.writeLog(closed, null, late, n -> {})).isZero();
        assertThat(late.toString(StandardCharsets.UTF_8)).contains("is closed and its log is no longer kept");
    }

    @Test
    void status_restarts_and_scales_a_service_each_as_a_new_version_with_who_and_what() throws Exception {
        StatusPanel status = openStatus();

        _click(_get(
                GridKt._getCellComponent(status.grid, 0, "actions"), Button.class, spec -> spec.withText("Scale…")));
        _setValue(_get(status.dialog, IntegerField.class), 2);
        _click(_get(status.dialog, Button.class, spec -> spec.withText("Apply")));
        until("scaled", () -> status.actionProgress.getText().equals("Done: scaled app to 2 (version 2)."));
        until(
                "two replicas",
                () -> GridKt._size(status.grid) == 1
                        && GridKt._get(status.grid, 0).total() == 2);
        assertThat(ManifestParser.parse(deployments.manifestInForce(deployment))
                        .services()
                        .get(0)
                        .count())
                .isEqualTo(2);

        _click(_get(
                GridKt._getCellComponent(status.grid, 0, "actions"), Button.class, spec -> spec.withText("Restart…")));
        @SuppressWarnings("unchecked")
        Select<String> which = _get(status.dialog, Select.class);
        _setValue(which, "Replica 1");
        _click(_get(status.dialog, Button.class, spec -> spec.withText("Restart")));
        until("restarted", () -> status.actionProgress.getText().equals("Done: restarted app replica 1 (version 3)."));

        ManifestVersionSummary latest =
                deployments.versions(user.id(), deployment.dseq()).get(0);
        assertThat(latest.appliedBy()).isEqualTo(user.username());
        assertThat(latest.change()).isEqualTo("restarted app replica 1");
        assertThat(deployments.versions(user.id(), deployment.dseq()).get(1).change())
                .isEqualTo("scaled app to 2");

        _click(_get(
                GridKt._getCellComponent(status.grid, 0, "actions"), Button.class, spec -> spec.withText("Scale…")));
        _setValue(_get(status.dialog, IntegerField.class), 11);
        _click(_get(status.dialog, Button.class, spec -> spec.withText("Apply")));
        until("refused", () -> status.actionProgress.getText().contains("1 to 10 replicas, not 11"));
        assertThat(deployments.versions(user.id(), deployment.dseq())).hasSize(3);
    }

    @Test
    void an_unknown_deployment_leads_back_to_the_list() {
        UI.getCurrent().navigate(DeploymentView.class, new RouteParameters(Map.of("dseq", "999999")));
        _get(DeploymentsView.class);
    }
}
