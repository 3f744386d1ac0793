package dev.pier.deployment.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.shared.Registration;
import dev.pier.base.ui.BackgroundWork;
import dev.pier.base.ui.Timestamps;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.deployment.LeaseAccess;
import dev.pier.deployment.ProviderProblem;
import dev.pier.shared.ServiceStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * Per service: replicas ready of total, URIs as links, restarts and the last exit (a crash loop is called one);
 * refreshed every few seconds while shown, in the background (a provider that does not answer leaves the last rows and
 * says so, and holds up nothing else).
 */
class StatusPanel extends Composite<VerticalLayout> {

    static final Duration REFRESH = Duration.ofSeconds(3);

    final Grid<ServiceStatus> grid = new Grid<>();
    /** Asking the provider, no services, or why the provider could not be asked. */
    final Span problem = new Span();
    /** Services in a crash loop ("web: Crash loop: 5 restarts in 2 min, last exit 3"), hidden when there are none. */
    final Span crashLoop = new Span();

    private final LeaseAccess leases;
    private final DeploymentSummary deployment;
    private final BackgroundWork work;
    private final Clock clock;
    private Registration refresh;
    private boolean loaded;

    StatusPanel(LeaseAccess leases, DeploymentSummary deployment, BackgroundWork work, Clock clock) {
        this.clock = clock;
        this.leases = leases;
        this.deployment = deployment;
        this.work = work;
        grid.addColumn(ServiceStatus::name).setHeader("Service").setKey("service");
        grid.addColumn(s -> s.ready() + " / " + s.total()).setHeader("Ready").setKey("ready");
        grid.addComponentColumn(s -> {
                    HorizontalLayout links = new HorizontalLayout();
                    s.uris().forEach(uri -> links.add(new Anchor(uri, uri, AnchorTarget.BLANK)));
                    return links;
                })
                .setHeader("URIs")
                .setKey("uris")
                .setFlexGrow(2);
        grid.addColumn(ServiceStatus::restarts).setHeader("Restarts").setKey("restarts");
        grid.addColumn(StatusPanel::lastExit)
                .setHeader("Last exit")
                .setKey("lastExit")
                .setFlexGrow(2);
        grid.setAllRowsVisible(true);
        problem.setText("Asking the provider…");
        crashLoop.getElement().getThemeList().add("badge warning");
        crashLoop.setVisible(false);
        getContent().setPadding(false);
        getContent().add(problem, crashLoop, grid);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        refresh = work.every(
                this,
                REFRESH,
                () -> leases.status(deployment),
                status -> {
                    loaded = true;
                    problem.getStyle().remove("color");
                    problem.setText(status.services().isEmpty() ? "The lease runs no services." : "");
                    grid.setItems(status.list());
                    // A service that keeps crashing can look ready between two crashes: say so above the rows.
                    String loops = status.crashLooping().stream()
                            .map(service -> service.name() + ": " + service.crashLoopSummary(clock.instant()))
                            .collect(Collectors.joining("; "));
                    crashLoop.setText(loops);
                    crashLoop.setVisible(!loops.isEmpty());
                },
                failure -> {
                    problem.getStyle().set("color", "var(--lumo-error-text-color)");
                    problem.setText((loaded ? "Showing the last status: " : "")
                            + ProviderProblem.text(failure, deployment.provider()));
                });
    }

    /** "exited with code 3, 14:02:11 UTC", or a dash when no replica has ended. */
    private static String lastExit(ServiceStatus service) {
        if (service.lastExit() == null) {
            return "—";
        }
        return service.lastExit()
                + (service.lastExitAt() == null ? "" : ", " + Timestamps.absolute(service.lastExitAt()));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (refresh != null) {
            refresh.remove();
        }
    }
}
