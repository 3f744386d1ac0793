package dev.pier.deployment.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.pier.account.ui.ActiveAccount;
import dev.pier.auth.ui.SignedInUser;
import dev.pier.base.InvalidInputException;
import dev.pier.base.ui.Addresses;
import dev.pier.base.ui.BackgroundWork;
import dev.pier.base.ui.NarrowWindow;
import dev.pier.base.ui.Timestamps;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.deployment.ProviderChoice;
import dev.pier.deployment.ProviderProblem;
import dev.pier.deployment.Readiness;
import dev.pier.manifest.InvalidManifestException;
import dev.pier.manifest.ManifestProgress;
import jakarta.annotation.security.PermitAll;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The home of the console: the user's deployments, a new-deployment flow with visible progress, and closing. */
@Route("deployments")
@RouteAlias("")
@PageTitle("Deployments")
@PermitAll
public class DeploymentsView extends VerticalLayout {

    private static final Duration READINESS_POLL = Duration.ofSeconds(3);

    private boolean accountColumnWanted;

    final TextField search = new TextField();
    final Grid<DeploymentSummary> grid = new Grid<>();
    final Button newDeployment = new Button("New deployment", VaadinIcon.PLUS.create());
    final Select<String> stateFilter = new Select<>();
    private final DeploymentService deployments;
    private final ActiveAccount account;
    private final BackgroundWork work;
    private final SignedInUser user;
    /** What the grid shows when it has no rows. */
    final HorizontalLayout emptyState = new HorizontalLayout();
    /** The progress of the last deployment started here, as its steps arrive (for people and tests). */
    final Span progressText = new Span();

    public DeploymentsView(
            DeploymentService deployments, ActiveAccount account, BackgroundWork work, SignedInUser user) {
        this.deployments = deployments;
        this.account = account;
        this.work = work;
        this.user = user;
        setSizeFull();

        stateFilter.setItems("All", "Active", "Closed");
        stateFilter.setValue("All");
        stateFilter.setAriaLabel("State");
        stateFilter.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        search.setPlaceholder("Search by name or dseq");
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setClearButtonVisible(true);
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        newDeployment.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        newDeployment.setId("new-deployment");
        newDeployment.addClickListener(e -> openNewDeployment());
        HorizontalLayout toolbar = new HorizontalLayout(search, stateFilter, newDeployment);
        toolbar.setWidthFull();
        toolbar.expand(search);
        // On a phone the search takes its own line and the filter and New deployment wrap below it.
        toolbar.setWrap(true);
        search.setMinWidth("12rem");

        grid.addColumn(DeploymentSummary::dseq)
                .setHeader("DSEQ")
                .setKey("dseq")
                .setAutoWidth(true)
                .setFlexGrow(0);
        // The name is a real link: Enter opens it, a middle click or Ctrl+click opens it in a new tab.
        grid.addColumn(LitRenderer.<DeploymentSummary>of(
                                "<a href=\"${item.href}\" class=\"deployment-link\">${item.name}</a>")
                        .withProperty("href", d -> "deployments/" + d.dseq())
                        .withProperty("name", DeploymentSummary::name))
                .setHeader("Name")
                .setKey("name")
                .setFlexGrow(2);
        // Only someone with several accounts needs to see whose deployment a row is.
        var accountNames = deployments.accountNames(user.id());
        accountColumnWanted = accountNames.size() > 1;
        grid.addColumn(d -> accountNames.getOrDefault(d.accountId(), ""))
                .setHeader("Account")
                .setKey("account")
                .setVisible(accountColumnWanted);
        // Names, not addresses: a provider removed since shows its shortened address.
        var providerNames = deployments.providerNames();
        grid.addColumn(d -> providerNames.getOrDefault(d.provider(), Addresses.shortened(d.provider())))
                .setHeader("Provider")
                .setKey("provider");
        grid.addComponentColumn(DeploymentsView::stateBadge).setHeader("State").setKey("state");
        grid.addComponentColumn(this::readinessCell).setHeader("Services ready").setKey("ready");
        grid.addColumn(d -> Timestamps.absolute(d.createdAt()))
                .setHeader("Created")
                .setKey("created")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addComponentColumn(this::actions)
                .setHeader("")
                .setKey("actions")
                .setAutoWidth(true)
                .setFlexGrow(0);
        // Slice paging: the grid fetches page by page and needs no total count.
        grid.setItems(query -> deployments
                .list(
                        user.id(),
                        search.getValue(),
                        switch (stateFilter.getValue()) {
                            case "Active" -> Boolean.TRUE;
                            case "Closed" -> Boolean.FALSE;
                            default -> null;
                        },
                        VaadinSpringDataHelpers.toSpringPageRequest(query))
                .stream());
        grid.addItemClickListener(e -> {
            // A click on the row's Close button is the button's (the row would navigate away from its dialog), and one
            // on the name is the link's.
            if (e.getColumn() != null
                    && List.of("actions", "name").contains(e.getColumn().getKey())) {
                return;
            }
            getUI().ifPresent(ui -> ui.navigate(
                    DeploymentView.class,
                    new RouteParameters("dseq", String.valueOf(e.getItem().dseq()))));
        });
        // Enter on a focused row opens it, as its link does: the grid's keyboard focus is on a cell, not on the link.
        grid.getElement()
                .executeJs("this.addEventListener('keydown', e => {"
                        + " if (e.key !== 'Enter' || e.composedPath()[0].closest?.('a, vaadin-button')) return;"
                        + " const row = e.composedPath().find(n => n.localName === 'tr' && n.parentNode"
                        + " && n.parentNode.id === 'items'); if (!row) return;"
                        + " const link = [...row.querySelectorAll('slot')].flatMap(s => s.assignedElements())"
                        + ".map(c => c.querySelector('a.deployment-link')).find(a => a);"
                        + " if (link) { e.preventDefault(); link.click(); } })");
        grid.setSizeFull();
        emptyState.setAlignItems(FlexComponent.Alignment.BASELINE);
        grid.setEmptyStateComponent(emptyState);
        search.addValueChangeListener(e -> describeEmptyState());
        stateFilter.addValueChangeListener(e -> describeEmptyState());
        describeEmptyState();
        add(toolbar, grid);
        NarrowWindow.follow(this, this::fitColumns);
    }

    /** On a phone the grid keeps the columns that matter: number, name, state, readiness and Close. */
    void fitColumns(boolean narrow) {
        grid.getColumnByKey("provider").setVisible(!narrow);
        grid.getColumnByKey("created").setVisible(!narrow);
        grid.getColumnByKey("account").setVisible(!narrow && accountColumnWanted);
    }

    /** An empty list says why, and what to do: deploy something, or loosen the filters. */
    private void describeEmptyState() {
        emptyState.removeAll();
        boolean filtered = !search.getValue().isBlank() || !"All".equals(stateFilter.getValue());
        if (filtered) {
            Button clear = new Button("Clear the filters", e -> {
                search.clear();
                stateFilter.setValue("All");
            });
            clear.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            emptyState.add(new Span("No deployment matches these filters."), clear);
        } else {
            Button create = new Button("New deployment", e -> openNewDeployment());
            create.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            emptyState.add(new Span("No deployments yet."), create);
        }
    }

    /**
     * Readiness as the lease warmer last saw it, shown at once; otherwise, and while services are still starting, it is
     * asked off the UI thread every few seconds (a provider call at most every 5 s per lease) and pushed into the row,
     * until every service is ready or the provider cannot be reached.
     */
    private Component readinessCell(DeploymentSummary deployment) {
        Span cell = new Span();
        Span ready = new Span();
        Span problem = new Span();
        problem.getElement().getThemeList().add("badge warning small");
        problem.setVisible(false);
        cell.add(ready, problem);
        cell.getStyle().set("display", "inline-flex").set("gap", "var(--lumo-space-s)");
        Optional<Readiness> known = deployments.knownReadiness(deployment);
        if (known.isPresent()) {
            show(known.get(), ready, problem);
        } else {
            ready.setText("…");
            ready.getElement().setAttribute("title", "Asking the provider");
        }
        if (!deployment.active() || known.filter(Readiness::settled).isPresent()) {
            return cell;
        }
        Registration[] poll = new Registration[1];
        poll[0] = work.every(
                this,
                READINESS_POLL,
                () -> deployments.readiness(deployment),
                readiness -> {
                    show(readiness, ready, problem);
                    ready.getElement().removeAttribute("title");
                    if (readiness.settled()) {
                        poll[0].remove();
                    }
                },
                failure -> {
                    ready.setText("—");
                    poll[0].remove();
                });
        cell.addDetachListener(e -> poll[0].remove());
        return cell;
    }

    /** "1/2", and a warning badge when a service keeps crashing ("Crash loop: 5 restarts in 2 min, last exit 3"). */
    private static void show(Readiness readiness, Span ready, Span problem) {
        ready.setText(readiness.ready());
        problem.setText(readiness.problem());
        problem.setVisible(readiness.crashLooping());
    }

    private static Component stateBadge(DeploymentSummary deployment) {
        Span badge = new Span(deployment.active() ? "Active" : "Closed");
        badge.getElement().getThemeList().add(deployment.active() ? "badge success" : "badge contrast");
        return badge;
    }

    private Component actions(DeploymentSummary deployment) {
        Button close = new Button("Close", e -> {
            ConfirmDialog confirm = new ConfirmDialog(
                    "Close deployment " + deployment.dseq() + "?",
                    "Its lease ends and every process of it stops on the provider. This cannot be undone.",
                    "Close deployment",
                    ok -> closeDeployment(deployment));
            confirm.setCancelable(true);
            confirm.setConfirmButtonTheme("error primary");
            confirm.open();
        });
        close.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        close.setEnabled(deployment.active());
        return close;
    }

    /** Closing waits for the provider: it runs in the background, the row says so, the list follows. */
    private void closeDeployment(DeploymentSummary deployment) {
        progressText.setText("Closing deployment " + deployment.dseq() + "…");
        work.run(
                this,
                () -> deployments.close(user.id(), deployment.dseq()),
                closed -> {
                    progressText.setText("");
                    Notification.show(
                                    "Deployment " + closed.dseq() + " is closed.",
                                    4000,
                                    Notification.Position.BOTTOM_START)
                            .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                    grid.getDataProvider().refreshAll();
                },
                failure -> {
                    progressText.setText("");
                    String message = failure instanceof InvalidInputException invalid
                            ? invalid.getMessage()
                            : ProviderProblem.text(failure, deployment.provider());
                    Notification.show(message, 10_000, Notification.Position.TOP_CENTER)
                            .addThemeVariants(NotificationVariant.LUMO_ERROR);
                    grid.getDataProvider().refreshAll();
                });
    }

    /** Asking every provider whether it is online takes a moment: the dialog opens once the answers are in. */
    private void openNewDeployment() {
        newDeployment.setEnabled(false);
        progressText.setText("Asking the providers…");
        work.run(
                this,
                deployments::providerChoices,
                choices -> {
                    newDeployment.setEnabled(true);
                    progressText.setText("");
                    showNewDeployment(choices);
                },
                failure -> {
                    newDeployment.setEnabled(true);
                    progressText.setText("The providers could not be listed; try again in a moment.");
                });
    }

    private void showNewDeployment(List<ProviderChoice> choices) {
        NewDeploymentForm form = new NewDeploymentForm(choices);
        Dialog dialog = new Dialog(form);
        dialog.setHeaderTitle("New deployment");
        ProgressBar bar = new ProgressBar(0, 4);
        bar.setVisible(false);
        progressText.setText("");
        Button validate = new Button("Validate", e -> {
            if (form.validate()) {
                Notification.show("The manifest is valid.", 2500, Notification.Position.BOTTOM_START);
            }
        });
        Button deploy = new Button("Deploy", e -> form.submit());
        deploy.setId("deploy");
        deploy.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        UI ui = UI.getCurrent();
        long accountId = account.currentId();
        form.addDeployListener(event -> {
            deploy.setEnabled(false);
            bar.setVisible(true);
            work.run(
                    this,
                    () -> deployments.create(
                            user.id(),
                            user.username(),
                            accountId,
                            event.provider,
                            event.name,
                            event.manifest,
                            event.secrets,
                            step -> ui.access(() -> showStep(bar, step))),
                    created -> {
                        dialog.close();
                        grid.getDataProvider().refreshAll();
                        Notification.show(
                                        "Deployment " + created.dseq() + " runs on the provider.",
                                        4000,
                                        Notification.Position.BOTTOM_START)
                                .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                        // What people want next is the new deployment itself: its status while it starts.
                        ui.navigate(DeploymentView.class, new RouteParameters("dseq", String.valueOf(created.dseq())));
                    },
                    failure -> {
                        deploy.setEnabled(true);
                        bar.setVisible(false);
                        if (failure instanceof InvalidManifestException invalid) {
                            form.showErrors(invalid.errors());
                            return;
                        }
                        String message = failure instanceof InvalidInputException invalid
                                ? invalid.field() + ": " + invalid.getMessage()
                                : ProviderProblem.text(failure, event.provider);
                        progressText.setText("Failed: " + message);
                        form.errors.setText(message);
                    });
        });
        dialog.getFooter().add(progressText, bar, new Button("Cancel", e -> dialog.close()), validate, deploy);
        dialog.open();
    }

    private void showStep(ProgressBar bar, ManifestProgress step) {
        progressText.setText(step.message());
        bar.setValue(
                switch (step.step()) {
                    case VALIDATED -> 1;
                    case SENDING, WAITING_FOR_LEASE -> 2;
                    case APPLIED -> 4;
                });
    }
}
