package dev.pier.deployment.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.UI;
import dev.pier.account.AccountService;
import dev.pier.base.ui.BackgroundWork;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.deployment.LeaseAccess;
import dev.pier.deployment.LogExport;
import dev.pier.deployment.LogViewProperties;
import dev.pier.test.KaribuTest;
import dev.pier.test.MutableClock;
import dev.pier.test.ProviderTestSupport;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserSummary;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A log pane under a flood, a crashing replica, and a silent provider. */
class StreamPanelTest extends KaribuTest {

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
    LeaseAccess leases;

    @Autowired
    LogExport export;

    @Autowired
    BackgroundWork work;

    UserSummary user;

    @BeforeEach
    void signIn() {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        user = testUsers.create("streams", Role.USER);
        login(user.username());
    }

    private DeploymentSummary deploy(String yaml) {
        return deployments.create(
                user.id(),
                user.username(),
                accounts.defaultAccountOf(user.id()).id(),
                provider.provider().address(),
                "stream panel",
                yaml,
                step -> {});
    }

    private PaneLines written;

    private StreamPanel show(DeploymentSummary deployment, LogViewProperties settings, String... services) {
        StreamPanel panel = StreamPanel.logs(
                leases::followLogs, export, deployment, work, settings, List.of(services), java.time.Clock.systemUTC());
        written = PaneLines.of(panel.pane);
        UI.getCurrent().add(panel);
        return panel;
    }

    @Test
    void a_flood_beyond_the_push_rate_keeps_the_newest_lines_and_says_how_many_it_skipped() throws Exception {
        DeploymentSummary flood = deploy("""
                version: "1"
                services:
                  flood:
                    command: ["sh", "-c", "i=0; while true; do echo line $i; i=$((i+1)); done"]
                """);
        try {
            StreamPanel logs = show(flood, new LogViewProperties(500, 400, java.time.Duration.ofDays(7)));
            until("lines skipped", logs.skipped::isVisible);
            assertThat(logs.skipped.getText()).matches("[\\d,]+ lines skipped to keep up \\(Download has them\\)");
            assertThat(logs.pane.getScrollback())
                    .as("the browser keeps pier.logs.buffer-lines")
                    .isEqualTo(500);
            until("a few pushes", () -> written.writes() >= 4);
            // 400 lines/s at most: 100 per push of 250 ms, plus the line saying how many were skipped.
            assertThat(written.largestWrite()).isLessThanOrEqualTo(101);
        } finally {
            deployments.close(user.id(), flood.dseq());
        }
    }

    @Test
    void choosing_services_restarts_the_stream_with_only_their_lines_and_follow_can_be_paused() throws Exception {
        DeploymentSummary two = deploy("""
                version: "1"
                services:
                  alpha:
                    command: ["sh", "-c", "while true; do echo from-alpha; sleep 0.2; done"]
                  beta:
                    command: ["sh", "-c", "while true; do echo from-beta; sleep 0.2; done"]
                """);
        StreamPanel logs = show(two, new LogViewProperties(1000, 1000, java.time.Duration.ofDays(7)), "alpha", "beta");
        until(
                "both services",
                () -> written.lines().stream().anyMatch(l -> l.contains("from-alpha"))
                        && written.lines().stream().anyMatch(l -> l.contains("from-beta")));

        logs.serviceFilter.setValue(Set.of("beta"));
        int before = written.lines().size();
        until("beta lines again", () -> written.lines().size() >= before + 3);
        assertThat(written.lines().subList(before, written.lines().size()))
                .allMatch(l -> l.contains("beta-0") && l.contains("from-beta"));

        LocatorJ._setValue(logs.follow, false);
        assertThat(logs.pane.isFollow()).isFalse();
        deployments.close(user.id(), two.dseq());
    }

    @Test
    void a_replica_that_exits_shows_its_exit_code_in_the_log() throws Exception {
        DeploymentSummary crasher = deploy("""
                version: "1"
                services:
                  crasher:
                    command: ["sh", "-c", "echo starting; sleep 0.2; exit 7"]
                """);
        StreamPanel logs = show(crasher, new LogViewProperties(1000, 1000, java.time.Duration.ofDays(7)));
        until(
                "the exit line",
                () -> written.lines().stream().anyMatch(l -> l.contains("exited with code 7; restarting in")));
        assertThat(written.lines()).anyMatch(l -> l.contains("crasher-0") && l.contains("starting"));
        deployments.close(user.id(), crasher.dseq());
        until("ended with the reason", () -> logs.health.getText().startsWith("Ended: The lease was closed"));
        assertThat(logs.health.reconnect.isVisible()).isTrue();
    }

    @Test
    void a_live_stream_that_hears_nothing_shows_stalled_with_reconnect() throws Exception {
        DeploymentSummary quiet = deploy("""
                version: "1"
                services:
                  quiet:
                    command: ["sh", "-c", "sleep 100000"]
                """);
        StreamPanel logs = show(quiet, new LogViewProperties(1000, 1000, java.time.Duration.ofDays(7)));
        until("live", () -> logs.health.getText().equals("Live"));
        // Pings go every 5 s; moving the console's clock 60 s makes the stream silent far longer than stall-after.
        clock.set(clock.instant().plusSeconds(60));
        until("stalled", () -> logs.health.getText().startsWith("Stalled for "));
        assertThat(logs.health.reconnect.isVisible()).isTrue();
        deployments.close(user.id(), quiet.dseq());
    }
}
