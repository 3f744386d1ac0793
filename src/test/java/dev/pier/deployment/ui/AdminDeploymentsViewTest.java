package dev.pier.deployment.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import dev.pier.audit.AuditAction;
import dev.pier.audit.AuditLog;
import dev.pier.base.ui.NotFoundView;
import dev.pier.deployment.AdminDeployment;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.test.KaribuTest;
import dev.pier.test.MutableClock;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.ProviderTestSupport;
import dev.pier.test.TestDeployments;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserSummary;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;

/** Admin → Deployments: another user's lease found by owner, closed with a confirmation naming owner and dseq. */
class AdminDeploymentsViewTest extends KaribuTest {

    @Autowired
    TestUsers testUsers;

    @Autowired
    TestDeployments testDeployments;

    @Autowired
    DeploymentService deployments;

    @Autowired
    ProviderTestSupport provider;

    @Autowired
    AuditLog audit;

    @Autowired
    MutableClock clock;

    @Test
    void an_administrator_finds_a_users_lease_and_closes_it_and_the_audit_log_has_it() throws Exception {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        UserSummary carol = testUsers.create("carol", Role.USER);
        DeploymentSummary lease = testDeployments.idle(carol, "carol's app");
        login(PierIntegrationTest.ADMIN);
        UI.getCurrent().navigate(AdminDeploymentsView.class);
        AdminDeploymentsView view = _get(AdminDeploymentsView.class);
        _setValue(view.owner, carol.username());
        assertThat(GridKt._size(view.grid)).isEqualTo(1);
        AdminDeployment row = GridKt._get(view.grid, 0);
        assertThat(row.owner()).isEqualTo(carol.username());
        assertThat(GridKt._getFormatted(view.grid, 0, "provider"))
                .isEqualTo(provider.provider().name());

        LocatorJ._click(_get(GridKt._getCellComponent(view.grid, 0, "actions"), Button.class));
        ConfirmDialog confirm = _get(ConfirmDialog.class);
        assertThat(confirm.getElement().getProperty("header"))
                .isEqualTo("Close deployment " + lease.dseq() + " of " + carol.username() + "?");
        ConfirmDialogKt._fireConfirm(confirm);
        until("closed", () -> view.progress.getText().endsWith("is closed."));
        assertThat(deployments.find(carol.id(), lease.dseq()).orElseThrow().active())
                .isFalse();
        assertThat(testUsers
                        .asAdmin(() ->
                                audit.search(null, AuditAction.LEASE_CLOSED_BY_ADMIN, null, PageRequest.of(0, 20)))
                        .getContent())
                .anySatisfy(e -> {
                    assertThat(e.actor()).isEqualTo(PierIntegrationTest.ADMIN);
                    assertThat(e.target()).isEqualTo("deployment " + lease.dseq());
                });
    }

    @Test
    void a_user_cannot_open_the_view() {
        login(testUsers.create("curious", Role.USER).username());
        UI.getCurrent().navigate("admin/deployments");
        assertThat(_find(AdminDeploymentsView.class)).isEmpty();
        assertThat(_get(NotFoundView.class).headline()).isEqualTo("There is nothing to show at /admin/deployments");
    }
}
