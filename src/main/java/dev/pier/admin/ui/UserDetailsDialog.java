package dev.pier.admin.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.pier.account.AccountSummary;
import dev.pier.admin.UserDetails;
import dev.pier.admin.UserOverview;
import dev.pier.auth.SessionSummary;
import dev.pier.base.InvalidInputException;
import dev.pier.base.ui.BackgroundWork;
import dev.pier.base.ui.Timestamps;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.user.UserSummary;
import java.util.concurrent.Callable;

/**
 * One user for an administrator: their accounts, live sessions (revoke one or all) and deployments, with the active
 * leases of a disabled user offered for closing.
 */
public class UserDetailsDialog extends Dialog {

    final Span summary = new Span("Loading…");
    final Span problem = new Span();
    final Grid<AccountSummary> accounts = new Grid<>();
    final Grid<SessionSummary> sessions = new Grid<>();
    final Grid<DeploymentSummary> leases = new Grid<>();
    final Button revokeAll = new Button("Sign out everywhere");

    private final UserOverview overview;
    private final BackgroundWork work;
    private final long administratorId;
    private final UserSummary user;

    public UserDetailsDialog(UserOverview overview, BackgroundWork work, long administratorId, UserSummary user) {
        this.overview = overview;
        this.work = work;
        this.administratorId = administratorId;
        this.user = user;
        setHeaderTitle(user.username());
        setWidth("min(56em, 96vw)");
        accounts.addColumn(AccountSummary::name).setHeader("Account").setKey("name");
        accounts.addColumn(AccountSummary::address)
                .setHeader("Address")
                .setKey("address")
                .setFlexGrow(2);
        accounts.setAllRowsVisible(true);
        sessions.addColumn(s -> s.kind() + " · " + s.device())
                .setHeader("Session")
                .setKey("session")
                .setFlexGrow(2);
        sessions.addColumn(s -> Timestamps.absolute(s.lastUsedAt()))
                .setHeader("Last used")
                .setKey("used");
        sessions.addComponentColumn(s -> small("Revoke", () -> overview.revokeSession(user, s.id())))
                .setKey("actions")
                .setAutoWidth(true)
                .setFlexGrow(0);
        sessions.setAllRowsVisible(true);
        sessions.setEmptyStateText("Not signed in anywhere.");
        leases.addColumn(DeploymentSummary::dseq)
                .setHeader("DSEQ")
                .setKey("dseq")
                .setAutoWidth(true);
        leases.addColumn(DeploymentSummary::name)
                .setHeader("Active deployment")
                .setKey("name")
                .setFlexGrow(2);
        leases.addComponentColumn(d -> small("Close", () -> overview.closeLease(administratorId, user, d.dseq())))
                .setKey("actions")
                .setAutoWidth(true)
                .setFlexGrow(0);
        leases.setAllRowsVisible(true);
        leases.setEmptyStateText("No active deployment.");
        revokeAll.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
        revokeAll.addClickListener(e -> act(() -> overview.revokeAllSessions(user)));
        problem.getStyle().set("color", "var(--lumo-error-text-color)");
        add(new VerticalLayout(
                summary,
                problem,
                new H4("Accounts"),
                accounts,
                new H4("Sessions"),
                revokeAll,
                sessions,
                new H4("Deployments"),
                leases));
        getFooter().add(new Button("Close", e -> close()));
        addOpenedChangeListener(e -> {
            if (e.isOpened()) {
                act(() -> overview.details(user.id()));
            }
        });
    }

    private Button small(String text, Callable<UserDetails> action) {
        Button button = new Button(text, e -> act(action));
        button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        return button;
    }

    /** Runs an action in the background and shows the user as it left them. */
    private void act(Callable<UserDetails> action) {
        problem.setText("");
        work.run(
                this,
                action,
                this::show,
                failure -> problem.setText(
                        failure instanceof InvalidInputException invalid
                                ? invalid.getMessage()
                                : "That did not work; try again in a moment."));
    }

    private void show(UserDetails details) {
        var deployments = details.deployments();
        summary.setText(details.user().role() + ", " + (details.user().enabled() ? "enabled" : "disabled") + " · "
                + deployments.total() + (deployments.total() == 1 ? " deployment" : " deployments") + ", "
                + deployments.active().size() + " active");
        accounts.setItems(details.accounts());
        sessions.setItems(details.sessions());
        leases.setItems(deployments.active());
        revokeAll.setEnabled(!details.sessions().isEmpty());
        if (!details.user().enabled() && !deployments.active().isEmpty()) {
            problem.setText(details.user().username() + " is disabled and still has active deployments: close them "
                    + "here, or enable the user again.");
        }
    }
}
