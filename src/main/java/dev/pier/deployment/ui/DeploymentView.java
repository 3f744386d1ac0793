package dev.pier.deployment.ui;

import com.vaadin.flow.component.Component;
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
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.pier.base.terminal.TerminalChannels;
import dev.pier.deployment.LogViewProperties;
import dev.pier.account.ui.ActiveAccount;
import dev.pier.auth.PierPrincipal;
import dev.pier.credentials.CredentialState;
import dev.pier.credentials.ui.ProviderAuthFallback;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import jakarta.annotation.security.PermitAll;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * One deployment; the URL decides which and which tab ({@code /deployments/1000/manifest}). Every tab that needs
 * the provider sits in a ProviderAuthFallback and is created once, so switching tabs or refreshing credentials never
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

    final Tabs tabs = new Tabs();
    final Span heading = new Span();
    private final Map<String, Tab> tabByName = new LinkedHashMap<>();
    private final Map<String, Component> panels = new LinkedHashMap<>();
    private final VerticalLayout content = new VerticalLayout();
    private final DeploymentService deployments;
    private final CredentialState credentials;
    private final ActiveAccount account;
    private final ThreadPoolTaskExecutor tasks;
    private final ThreadPoolTaskScheduler scheduler;
    private final PierPrincipal user;
    private final TerminalChannels terminals;
    private final LogViewProperties logView;
    private DeploymentSummary deployment;
    private java.util.List<String> services;

    public DeploymentView(DeploymentService deployments, CredentialState credentials, ActiveAccount account,
                          ThreadPoolTaskExecutor deploymentTasks, ThreadPoolTaskScheduler providerClientScheduler,
                          AuthenticationContext authentication, TerminalChannels terminals, LogViewProperties logView) {
        this.deployments = deployments;
        this.logView = logView;
        this.terminals = terminals;
        this.credentials = credentials;
        this.account = account;
        this.tasks = deploymentTasks;
        this.scheduler = providerClientScheduler;
        this.user = authentication.getAuthenticatedUser(PierPrincipal.class).orElseThrow();
        setSizeFull();
        for (String name : new String[] {STATUS, LOGS, EVENTS, SHELL, MANIFEST}) {
            Tab tab = new Tab(Character.toUpperCase(name.charAt(0)) + name.substring(1));
            tabByName.put(name, tab);
            tabs.add(tab);
        }
        tabs.addSelectedChangeListener(e -> {
            if (e.isFromClient() && deployment != null) {
                String name = tabByName.entrySet().stream().filter(t -> t.getValue() == e.getSelectedTab()).findFirst().orElseThrow().getKey();
                getUI().ifPresent(ui -> ui.navigate(DeploymentView.class,
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
        Optional<DeploymentSummary> found = event.getRouteParameters().get("dseq").flatMap(DeploymentView::number)
                .flatMap(dseq -> deployments.find(user.userId(), dseq));
        if (found.isEmpty()) {
            Notification.show("There is no such deployment of yours; here are the ones you have.", 5000, Notification.Position.TOP_CENTER);
            event.forwardTo(DeploymentsView.class);
            return;
        }
        if (deployment == null || deployment.dseq() != found.get().dseq()) {
            deployment = found.get();
            services = null;
            panels.clear();
            content.removeAll();
            // The lease belongs to an account: this tab works with it while showing the deployment.
            account.switchTo(deployment.accountId());
        }
        heading.setText("Deployment " + deployment.dseq() + " · " + deployment.name() + (deployment.active() ? "" : " (closed)"));
        String tab = event.getRouteParameters().get("tab").filter(tabByName::containsKey).orElse(STATUS);
        tabs.setSelectedTab(tabByName.get(tab));
        // Panels stay mounted once shown, so switching tabs never restarts a stream; leaving the page detaches them all.
        Component shown = panels.computeIfAbsent(tab, name -> {
            Component panel = panel(name);
            content.add(panel);
            return panel;
        });
        panels.values().forEach(panel -> panel.setVisible(panel == shown));
    }

    private Component panel(String tab) {
        return new ProviderAuthFallback(credentials, deployment.provider(), () -> switch (tab) {
            case MANIFEST -> new ManifestPanel(deployments, deployment, user.userId(), user.getUsername(), tasks);
            case LOGS -> new StreamPanel(deployments, deployment, "logs", scheduler, logView, services());
            case EVENTS -> new StreamPanel(deployments, deployment, "events", scheduler, logView, services());
            case SHELL -> new ShellPanel(deployments, terminals, user.getUsername(), deployment, firstService(), scheduler);
            default -> new StatusPanel(deployments, deployment, scheduler);
        });
    }

    /**
     * The services of the manifest in force, as recorded (for the log filters and the shell's default): read and
     * parsed once per deployment shown, not once per panel.
     */
    private java.util.List<String> services() {
        if (services == null) {
            services = deployments.versions(user.userId(), deployment.dseq()).stream().findFirst()
                    .map(v -> dev.pier.manifest.ManifestParser.parse(v.yaml()).services().stream()
                            .map(dev.pier.manifest.ServiceSpec::name).toList())
                    .orElse(java.util.List.of());
        }
        return services;
    }

    private String firstService() {
        return services().stream().findFirst().orElse("");
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
