package dev.pier.admin.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import dev.pier.admin.UserOverview;
import dev.pier.audit.AuditAction;
import dev.pier.audit.AuditLog;
import dev.pier.auth.AuthSessionService;
import dev.pier.auth.SessionKind;
import dev.pier.base.ui.BackgroundWork;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.test.KaribuTest;
import dev.pier.test.MutableClock;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.TestDeployments;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserService;
import dev.pier.user.UserSummary;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;

/** A disabled user's details: accounts, sessions ended by the administrator, and leases left to close. */
class UserDetailsDialogTest extends KaribuTest {

    @Autowired
    TestUsers testUsers;

    @Autowired
    TestDeployments testDeployments;

    @Autowired
    UserService users;

    @Autowired
    UserOverview overview;

    @Autowired
    BackgroundWork work;

    @Autowired
    AuthSessionService sessions;

    @Autowired
    DeploymentService deployments;

    @Autowired
    AuditLog audit;

    @Autowired
    MutableClock clock;

    @Test
    void an_administrator_ends_a_users_sessions_and_closes_a_disabled_users_lease() throws Exception {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        UserSummary dave = testUsers.create("dave", Role.USER);
        sessions.issue(dave.id(), SessionKind.API, "curl/8.5");
        DeploymentSummary lease = testDeployments.idle(dave, "dave's app");
        login(PierIntegrationTest.ADMIN);
        long adminId =
                users.credentials(PierIntegrationTest.ADMIN).orElseThrow().id();

        UserDetailsDialog dialog = new UserDetailsDialog(overview, work, adminId, dave);
        UI.getCurrent().add(dialog);
        dialog.open();
        until("the details", () -> dialog.summary.getText().contains("1 deployment, 1 active"));
        assertThat(GridKt._findAll(dialog.accounts)).extracting(a -> a.name()).contains("default");
        assertThat(GridKt._size(dialog.sessions)).isEqualTo(1);

        _click(dialog.revokeAll);
        until("no session left", () -> GridKt._size(dialog.sessions) == 0);
        assertThat(sessions.sessionsOf(dave.id())).isEmpty();

        testUsers.asAdmin(() -> users.setEnabled(dave.id(), false));
        dialog.close();
        UserSummary disabled = users.find(dave.id()).orElseThrow();
        UserDetailsDialog again = new UserDetailsDialog(overview, work, adminId, disabled);
        UI.getCurrent().add(again);
        again.open();
        until("the lease left to close", () -> again.problem.getText().contains("still has active deployments"));
        _click(_get(GridKt._getCellComponent(again.leases, 0, "actions"), Button.class));
        until("closed", () -> GridKt._size(again.leases) == 0);
        assertThat(deployments.find(dave.id(), lease.dseq()).orElseThrow().active())
                .isFalse();
        assertThat(testUsers
                        .asAdmin(() -> audit.search(
                                PierIntegrationTest.ADMIN, AuditAction.SESSION_REVOKED, null, PageRequest.of(0, 10)))
                        .getContent())
                .anySatisfy(e -> assertThat(e.target()).isEqualTo("user " + dave.username()));
    }
}
