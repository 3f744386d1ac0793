package dev.pier.deployment.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import dev.pier.account.ui.ActiveAccount;
import dev.pier.auth.ui.SignedInUser;
import dev.pier.base.terminal.TerminalChannels;
import dev.pier.base.ui.BackgroundWork;
import dev.pier.base.ui.Timestamps;
import dev.pier.credentials.ui.CredentialState;
import dev.pier.credentials.ui.ProviderAuthFallback;
import dev.pier.deployment.DeploymentSecrets;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.deployment.LeaseAccess;
import dev.pier.deployment.LeaseArchive;
import dev.pier.deployment.LogExport;
import dev.pier.deployment.LogViewProperties;
import dev.pier.deployment.ManifestVersionSummary;
import dev.pier.manifest.ManifestParser;
import dev.pier.manifest.ServiceSpec;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One deployment; the URL decides which and which tab ({@code /deployments/1000/manifest}). Every tab that needs the
 * provider sits in a ProviderAuthFallback and is created once, so switching tabs or refreshing credentials never
 * recreates it.
 */
@Route("deployments/:dseq/:tab?")
@PageTitle("Deployment")
@PermitAll
public class DeploymentView extends VerticalLayout implements BeforeEnterObserver {

    static final String STATUS = "status";
    static final String MANIFEST = "manifest";
    static final String LOGS = "logs";
    static final String EVENTS = "events";
    static final String SHELL = "shell";
    static final String SECRETS = "secrets";

    final Tabs tabs = new Tabs();
    final Span heading = new Span();
    private final Map<String, Tab> tabByName = new LinkedHashMap<>();
    private final Map<String, Component> panels = new LinkedHashMap<>();
    private final VerticalLayout content = new VerticalLayout();
    private final DeploymentService deployments;
    private final LeaseAccess leases;
    private final LogExport logExport;
    private final CredentialState credentials;
    private final ActiveAccount account;
    private final BackgroundWork work;
    private final SignedInUser user;
    private final TerminalChannels terminals;
    private final LogViewProperties logView;
    private final Clock clock;
    private final LeaseArchive archive;
    private final DeploymentSecrets secrets;
    private DeploymentSummary deployment;
    /** Another user's deployment opened by an administrator: read-only, a shell only when asked for. */
    private boolean asAdministrator;

    private List<String> services;

    public DeploymentView(
            DeploymentService deployments,
            LeaseAccess leases,
            LogExport logExport,
            CredentialState credentials,
            ActiveAccount account,
            BackgroundWork work,
            SignedInUser user,
            TerminalChannels terminals,
            LogViewProperties logView,
            Clock clock,
            LeaseArchive archive,
            DeploymentSecrets secrets) {
        this.archive = archive;
        this.secrets = secrets;
        this.clock = clock;
        this.deployments = deployments;
        this.leases = leases;
        this.logExport = logExport;
        this.logView = logView;
        this.terminals = terminals;
        this.credentials = credentials;
        this.account = account;
        this.work = work;
        this.user = user;
        setSizeFull();
        for (String name : new String[] {STATUS, LOGS, EVENTS, SHELL, MANIFEST, SECRETS}) {
            Tab tab = new Tab(Character.toUpperCase(name.charAt(0)) + name.substring(1));
            tabByName.put(name, tab);
            tabs.add(tab);
        }
        tabs.addSelectedChangeListener(e -> {
            if (e.isFromClient() && deployment != null) {
                String name = tabByName.entrySet().stream()
                        .filter(t -> t.getValue() == e.getSelectedTab())
                        .findFirst()
                        .orElseThrow()
                        .getKey();
                getUI().ifPresent(ui -> ui.navigate(
                        DeploymentView.class,
                        new RouteParameters(Map.of("dseq", String.valueOf(deployment.dseq()), "tab", name))));
            }
        });
        heading.getStyle().set("font-weight", "600");
        content.setPadding(false);
        content.setSizeFull();
        add(heading, tabs, content);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<DeploymentSummary> found = event.getRouteParameters()
                .get("dseq")
                .flatMap(DeploymentView::number)
                .flatMap(dseq -> deployments.find(user.id(), dseq));
        boolean administering = false;
        if (found.isEmpty() && user.administrator()) {
            found = event.getRouteParameters()
                    .get("dseq")
                    .flatMap(DeploymentView::number)
                    .flatMap(dseq -> deployment != null && deployment.dseq() == dseq && asAdministrator
                            ? Optional.of(deployment)
                            : deployments.viewAsAdministrator(dseq));
            administering = found.isPresent();
        }
        if (found.isEmpty()) {
            Notification.show(
                    "There is no such deployment of yours; here are the ones you have.",
                    5000,
                    Notification.Position.TOP_CENTER);
            event.forwardTo(DeploymentsView.class);
            return;
        }
        if (deployment == null || deployment.dseq() != found.get().dseq()) {
            deployment = found.get();
            asAdministrator = administering;
            services = null;
            panels.clear();
            content.removeAll();
            if (!asAdministrator) {
                // The lease belongs to an account: this tab works with it while showing the deployment.
                account.switchTo(deployment.accountId());
            }
        }
        // Readiness only when it needs no provider call (the lease warmer keeps it): the header never waits.
        String ready = deployment.active()
                ? deployments
                        .knownReadiness(deployment)
                        .map(r -> " · services ready " + r.ready() + (r.crashLooping() ? " · " + r.problem() : ""))
                        .orElse("")
                : "";
        heading.setText("Deployment " + deployment.dseq() + " · " + deployment.name()
                + (deployment.active() ? ready : " · " + closedText())
                + (asAdministrator ? " · another user's, viewed as administrator (recorded)" : ""));
        String tab = event.getRouteParameters()
                .get("tab")
                .filter(tabByName::containsKey)
                .orElse(STATUS);
        tabs.setSelectedTab(tabByName.get(tab));
        // Panels stay mounted once shown, so switching tabs never restarts a stream; leaving the page detaches them
        // all.
        Component shown = panels.computeIfAbsent(tab, name -> {
            Component panel = panel(name);
            content.add(panel);
            return panel;
        });
        panels.values().forEach(panel -> panel.setVisible(panel == shown));
    }

    private Component panel(String tab) {
        if (!deployment.active()) {
            return closedPanel(tab);
        }
        return new ProviderAuthFallback(credentials, deployment.provider(), () -> switch (tab) {
            case MANIFEST ->
                new ManifestPanel(deployments, deployment, user.id(), user.username(), work, asAdministrator);
            case SECRETS -> secretsPanel(asAdministrator);
            case LOGS -> StreamPanel.logs(leases::followLogs, logExport, deployment, work, logView, services(), clock);
            case EVENTS ->
                StreamPanel.events(leases::followEvents, logExport, deployment, work, logView, services(), clock);
            case SHELL ->
                asAdministrator
                        ? ShellPanel.onRequest(
                                leases,
                                terminals,
                                user.username(),
                                deployment,
                                servicesInForce(deployment),
                                work,
                                (service, replica) ->
                                        deployments.recordAdministratorShell(deployment, service, replica))
                        : new ShellPanel(
                                leases, terminals, user.username(), deployment, servicesInForce(deployment), work);
            default ->
                new StatusPanel(
                        leases,
                        deployment,
                        work,
                        clock,
                        asAdministrator
                                ? null
                                : new StatusPanel.Controls() {
                                    @Override
                                    public ManifestVersionSummary restart(String service, Integer replica) {
                                        return deployments.restart(
                                                user.id(), user.username(), deployment.dseq(), service, replica);
                                    }

                                    @Override
                                    public ManifestVersionSummary scale(String service, int count) {
                                        return deployments.scale(
                                                user.id(), user.username(), deployment.dseq(), service, count, p -> {});
                                    }
                                });
        });
    }

    /**
     * A closed deployment's tabs need no provider (it removed the lease): what was kept at close, read-only, and never
     * a Reconnect.
     */
    private Component closedPanel(String tab) {
        return switch (tab) {
            case MANIFEST -> new ManifestPanel(deployments, deployment, user.id(), user.username(), work, true);
            case SECRETS -> secretsPanel(true);
            case LOGS -> StreamPanel.logs(archive::replayLogs, logExport, deployment, work, logView, services(), clock);
            case EVENTS ->
                StreamPanel.events(archive::replayEvents, logExport, deployment, work, logView, services(), clock);
            case SHELL ->
                closedNote("A closed deployment has no shell: its containers were removed when it was closed.");
            default ->
                closedNote("This deployment was " + closedText() + ". Its lease and containers are gone; its "
                        + "manifest and history stay here, and its log and events "
                        + archive.keptUntil(deployment)
                                .map(until -> (until.isAfter(clock.instant()) ? "are kept until " : "were kept until ")
                                        + Timestamps.absolute(until))
                                .orElse("are kept for a while")
                        + ".");
        };
    }

    private SecretsPanel secretsPanel(boolean readOnly) {
        return new SecretsPanel(secrets, deployment, user.id(), user.username(), work, clock, readOnly);
    }

    private static Component closedNote(String text) {
        Paragraph note = new Paragraph(text);
        note.addClassName("closed-note");
        return note;
    }

    /** "closed on 2026-12-02 18:33 UTC by alice" (the who is missing for deployments closed before it was kept). */
    private String closedText() {
        return "closed on " + Timestamps.absolute(deployment.closedAt())
                + (deployment.closedBy() == null ? "" : " by " + deployment.closedBy());
    }

    /**
     * The names of the services of the manifest in force (for the log filters): read and parsed once per deployment
     * shown, not once per panel.
     */
    private List<String> services() {
        if (services == null) {
            services = servicesInForce(deployment).get().stream()
                    .map(ServiceSpec::name)
                    .toList();
        }
        return services;
    }

    /**
     * The services of a deployment's manifest in force, as recorded, read and parsed on each call: the shell asks again
     * whenever it connects, since a new version may have removed or scaled the service it shows.
     */
    private Supplier<List<ServiceSpec>> servicesInForce(DeploymentSummary shown) {
        return () -> deployments.versionsOf(shown).stream()
                .findFirst()
                .map(v -> ManifestParser.parse(v.yaml()).services())
                .orElse(List.of());
    }

    /** The panel shown for a tab (created once per deployment and kept). */
    Component panelFor(String tab) {
        return panels.get(tab);
    }

    private static Optional<Long> number(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
