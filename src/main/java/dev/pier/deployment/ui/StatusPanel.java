package dev.pier.deployment.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.shared.Registration;
import dev.pier.base.InvalidInputException;
import dev.pier.base.ui.BackgroundWork;
import dev.pier.base.ui.NarrowWindow;
import dev.pier.base.ui.Timestamps;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.deployment.LeaseAccess;
import dev.pier.deployment.ManifestVersionSummary;
import dev.pier.deployment.ProviderProblem;
import dev.pier.deployment.Readiness;
import dev.pier.manifest.ManifestParser;
import dev.pier.shared.ServiceStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * Per service: replicas ready of total, URIs as links, restarts and the last exit (a crash loop is called one);
 * refreshed every few seconds while shown, in the background (a provider that does not answer leaves the last rows and
 * says so, and holds up nothing else).
 */
class StatusPanel extends Composite<VerticalLayout> {

    static final Duration REFRESH = Duration.ofSeconds(3);
    static final String ALL_REPLICAS = "All replicas";

    final Grid<ServiceStatus> grid = new Grid<>();
    /** Asking the provider, no services, or why the provider could not be asked. */
    final Span problem = new Span();
    /** Services in a crash loop ("web: Crash loop: 5 restarts in 2 min, last exit 3"), hidden when there are none. */
    final Span crashLoop = new Span();

    private final LeaseAccess leases;
    private final DeploymentSummary deployment;
    private final BackgroundWork work;
    private final Clock clock;
    private final @Nullable Controls controls;
    private Registration refresh;
    /** What the last restart or scale did, or why it failed. */
    final Span actionProgress = new Span();
    /** The dialog of the last Restart or Scale pressed (for tests). */
    Dialog dialog;

    private boolean loaded;

    /** Restarts and scaling, as the signed-in owner; null where the page is read-only (an administrator's view). */
    interface Controls {
        ManifestVersionSummary restart(String service, @Nullable Integer replica);

        ManifestVersionSummary scale(String service, int count);
    }

    StatusPanel(
            LeaseAccess leases,
            DeploymentSummary deployment,
            BackgroundWork work,
            Clock clock,
            @Nullable Controls controls) {
        this.controls = controls;
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
        if (controls != null) {
            grid.addComponentColumn(this::actions)
                    .setHeader("")
                    .setKey("actions")
                    .setAutoWidth(true)
                    .setFlexGrow(0);
        }
        grid.setAllRowsVisible(true);
        problem.setText("Asking the provider…");
        crashLoop.getElement().getThemeList().add("badge warning");
        crashLoop.setVisible(false);
        getContent().setPadding(false);
        getContent().add(problem, crashLoop, grid, actionProgress);
        // On a phone: service, readiness, links and the controls; the crash-loop line above still names a failing one.
        NarrowWindow.follow(this, narrow -> {
            grid.getColumnByKey("restarts").setVisible(!narrow);
            grid.getColumnByKey("lastExit").setVisible(!narrow);
            Grid.Column<ServiceStatus> actions = grid.getColumnByKey("actions");
            if (narrow) {
                // Compact widths (kept if the window grows again: the columns still flex to fill it).
                grid.getColumnByKey("service").setWidth("6em");
                grid.getColumnByKey("ready").setWidth("4.5em");
                grid.getColumnByKey("uris").setWidth("4em");
                if (actions != null) {
                    actions.setAutoWidth(false);
                    actions.setWidth("6.5em");
                }
            }
        });
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
                    String loops = Readiness.of(status, clock.instant()).problem();
                    crashLoop.setText(loops);
                    crashLoop.setVisible(!loops.isEmpty());
                },
                failure -> {
                    problem.getStyle().set("color", "var(--lumo-error-text-color)");
                    problem.setText((loaded ? "Showing the last status: " : "")
                            + ProviderProblem.text(failure, deployment.provider()));
                });
    }

    private Component actions(ServiceStatus service) {
        Button restart = new Button("Restart…", e -> askRestart(service));
        restart.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        Button scale = new Button("Scale…", e -> askScale(service));
        scale.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout both = new HorizontalLayout(restart, scale);
        // In a phone's narrow column the two stack instead of running past the screen's edge.
        both.setWrap(true);
        both.setSpacing(false);
        return both;
    }

    private void askRestart(ServiceStatus service) {
        Select<String> which = new Select<>();
        which.setLabel("Replicas");
        List<String> choices = new ArrayList<>(List.of(ALL_REPLICAS));
        for (int i = 0; i < service.total(); i++) {
            choices.add("Replica " + i);
        }
        which.setItems(choices);
        which.setValue(ALL_REPLICAS);
        open("Restart " + service.name(), which, "Restart", () -> {
            Integer replica = ALL_REPLICAS.equals(which.getValue())
                    ? null
                    : Integer.valueOf(which.getValue().substring("Replica ".length()));
            return controls.restart(service.name(), replica);
        });
    }

    private void askScale(ServiceStatus service) {
        IntegerField count = new IntegerField("Replicas");
        count.setMin(1);
        count.setMax(ManifestParser.MAX_REPLICAS);
        count.setStepButtonsVisible(true);
        count.setValue(service.total());
        count.setHelperText(
                "1 to " + ManifestParser.MAX_REPLICAS + "; the manifest changes to match, as a new version.");
        open("Scale " + service.name(), count, "Apply", () -> {
            if (count.getValue() == null) {
                throw new InvalidInputException("count", "Give the number of replicas.");
            }
            return controls.scale(service.name(), count.getValue());
        });
    }

    /** A small dialog whose action runs in the background; the outcome shows under the services. */
    private void open(String title, Component field, String action, Callable<ManifestVersionSummary> run) {
        Dialog ask = new Dialog(field);
        ask.setHeaderTitle(title);
        Button go = new Button(action, e -> {
            ask.close();
            actionProgress.setText(title + "…");
            work.run(
                    this,
                    run,
                    version -> actionProgress.setText(
                            "Done: " + version.change() + " (version " + version.version() + ")."),
                    failure -> actionProgress.setText(
                            title + " failed: " + ProviderProblem.text(failure, deployment.provider())));
        });
        go.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        ask.getFooter().add(new Button("Cancel", e -> ask.close()), go);
        dialog = ask;
        ask.open();
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
