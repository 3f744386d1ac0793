package dev.pier.deployment.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import dev.pier.account.AccountService;
import dev.pier.base.terminal.TerminalChannels;
import dev.pier.base.ui.BackgroundWork;
import dev.pier.base.ui.TerminalPane;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.deployment.LeaseAccess;
import dev.pier.deployment.LogExport;
import dev.pier.deployment.LogViewProperties;
import dev.pier.manifest.ManifestParser;
import dev.pier.provider.ProviderService;
import dev.pier.provider.ProviderSummary;
import dev.pier.test.KaribuTest;
import dev.pier.test.ProviderTestSupport;
import dev.pier.test.StallingProxy;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserSummary;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A provider whose status route hangs: Status tabs wait on it in the background while a log stream and a shell on the
 * same provider keep flowing (the status calls once shared the threads that connect streams and shells).
 */
class StalledProviderTest extends KaribuTest {

    /** More Status tabs than the provider client has threads for streams, pings and renewals. */
    static final int STATUS_TABS = 6;

    @Autowired
    TestUsers testUsers;

    @Autowired
    DeploymentService deployments;

    @Autowired
    LeaseAccess leases;

    @Autowired
    LogExport export;

    @Autowired
    BackgroundWork work;

    @Autowired
    TerminalChannels terminals;

    @Autowired
    AccountService accounts;

    @Autowired
    ProviderService providers;

    @Autowired
    ProviderTestSupport provider;

    @Test
    void status_calls_that_hang_hold_up_neither_the_log_stream_nor_the_shell() throws Exception {
        UserSummary user = testUsers.create("stalled", Role.USER);
        login(user.username());
        ProviderSummary embedded = provider.provider();
        DeploymentSummary deployment = deployments.create(
                user.id(),
                user.username(),
                accounts.defaultAccountOf(user.id()).id(),
                embedded.address(),
                "stalled status",
                """
                        version: "1"
                        services:
                          app:
                            command: ["sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done"]
                        """,
                step -> {});
        int port = URI.create(embedded.hostUri()).getPort();
        try (StallingProxy proxy = new StallingProxy(port, line -> line.matches("GET /lease/\\S+/status HTTP.*"))) {
            providers.register(embedded.address(), embedded.name(), proxy.url());
            try {
                List<StatusPanel> statuses = new ArrayList<>();
                for (int i = 0; i < STATUS_TABS; i++) {
                    StatusPanel status = new StatusPanel(leases, deployment, work, java.time.Clock.systemUTC(), null);
                    UI.getCurrent().add(status);
                    statuses.add(status);
                }
                until("every Status tab waits on the provider", () -> proxy.stalled() >= STATUS_TABS);

                StreamPanel logs = StreamPanel.logs(
                        leases::followLogs,
                        export,
                        deployment,
                        work,
                        new LogViewProperties(1000, 1000, java.time.Duration.ofDays(7)),
                        List.of("app"),
                        java.time.Clock.systemUTC());
                PaneLines written = PaneLines.of(logs.pane);
                UI.getCurrent().add(logs);
                ShellPanel shell = new ShellPanel(
                        leases,
                        terminals,
                        user.username(),
                        deployment,
                        () -> ManifestParser.parse(deployments
                                        .versionsOf(deployment)
                                        .get(0)
                                        .yaml())
                                .services(),
                        work);
                UI.getCurrent().add(shell);

                until(
                        "log lines while the status hangs",
                        () -> written.lines().stream()
                                        .filter(l -> l.contains("tick"))
                                        .count()
                                >= 3);
                assertThat(logs.health.getText()).isEqualTo("Live");
                until("the shell is live", () -> shell.health.getText().equals("Live"));
                ComponentUtil.fireEvent(
                        shell.pane, new TerminalPane.DataEvent(shell.pane, true, "echo ANSWER$((6*7))\n"));
                until(
                        "the shell's answer while the status hangs",
                        () -> shell.recentOutput().contains("ANSWER42"));

                assertThat(proxy.stalled())
                        .as("the status calls are still held")
                        .isGreaterThanOrEqualTo(STATUS_TABS);
                assertThat(statuses)
                        .allSatisfy(status -> assertThat(status.problem.getText())
                                .as("the loading state, not rows")
                                .isEqualTo("Asking the provider…"));
                UI.getCurrent().removeAll();
            } finally {
                providers.register(embedded.address(), embedded.name(), embedded.hostUri());
            }
        } finally {
            deployments.close(user.id(), deployment.dseq());
        }
    }
}
