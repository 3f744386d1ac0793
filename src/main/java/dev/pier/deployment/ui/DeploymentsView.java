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
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.pier.account.ui.ActiveAccount;
import dev.pier.auth.PierPrincipal;
import dev.pier.base.InvalidInputException;
import dev.pier.base.ui.Addresses;
import dev.pier.base.ui.Timestamps;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.manifest.InvalidManifestException;
import dev.pier.provider.client.ManifestProgress;
import dev.pier.provider.ProviderDirectory;
import dev.pier.provider.client.ProviderErrors;
import jakarta.annotation.security.PermitAll;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** The home of the console: the user's deployments, a new-deployment flow with visible progress, and closing. */
@Route("deployments")
@RouteAlias("")
@PageTitle("Deployments")
@PermitAll
public class DeploymentsView extends VerticalLayout {

    final TextField search = new TextField();
    final Grid<DeploymentSummary> grid = new Grid<>();
    final Button newDeployment = new Button("New deployment", VaadinIcon.PLUS.create());
    final com.vaadin.flow.component.select.Select<String> stateFilter = new com.vaadin.flow.component.select.Select<>();
    private final DeploymentService deployments;
    private final ProviderDirectory providers;
    private final ActiveAccount account;
    private final ThreadPoolTaskExecutor tasks;
    private final PierPrincipal user;
    /** The progress of the last deployment started here, as its steps arrive (for people and tests). */
    final Span progressText = new Span();

    public DeploymentsView(DeploymentService deployments, ProviderDirectory providers, ActiveAccount account,
                           ThreadPoolTaskExecutor deploymentTasks, AuthenticationContext authentication) {
        this.deployments = deployments;
        this.providers = providers;
        this.account = account;
        this.tasks = deploymentTasks;
        this.user = authentication.getAuthenticatedUser(PierPrincipal.class).orElseThrow();
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
        newDeployment.addClickListener(e -> openNewDeployment());
        HorizontalLayout toolbar = new HorizontalLayout(search, stateFilter, newDeployment);
        toolbar.setWidthFull();
        toolbar.expand(search);

        grid.addColumn(DeploymentSummary::dseq).setHeader("DSEQ").setKey("dseq").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(DeploymentSummary::name).setHeader("Name").setKey("name").setFlexGrow(2);
        // Only someone with several accounts needs to see whose deployment a row is.
        var accountNames = deployments.accountNames(user.userId());
        grid.addColumn(d -> accountNames.getOrDefault(d.accountId(), "")).setHeader("Account").setKey("account")
                .setVisible(accountNames.size() > 1);
        grid.addColumn(d -> Addresses.shortened(d.provider())).setHeader("Provider").setKey("provider");
        grid.addComponentColumn(DeploymentsView::stateBadge).setHeader("State").setKey("state");
        grid.addComponentColumn(this::readinessCell).setHeader("Services ready").setKey("ready");
        grid.addColumn(d -> Timestamps.absolute(d.createdAt())).setHeader("Created").setKey("created");
        grid.addComponentColumn(this::actions).setHeader("").setKey("actions").setAutoWidth(true).setFlexGrow(0);
        // Slice paging: the grid fetches page by page and needs no total count.
        grid.setItems(query -> deployments.list(user.userId(), search.getValue(), switch (stateFilter.getValue()) {
            case "Active" -> Boolean.TRUE;
            case "Closed" -> Boolean.FALSE;
            default -> null;
        }, VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        grid.addItemClickListener(e -> getUI().ifPresent(ui -> ui.navigate(DeploymentView.class,
                new com.vaadin.flow.router.RouteParameters("dseq", String.valueOf(e.getItem().dseq())))));
        grid.setSizeFull();
        add(toolbar, grid);
    }

    /** Readiness comes from the provider: shown from the cache at once, otherwise fetched off the UI thread and pushed. */
    private com.vaadin.flow.component.Component readinessCell(DeploymentSummary deployment) {
        Span cell = new Span();
        java.util.Optional<String> known = deployments.knownReadiness(deployment);
        if (known.isPresent()) {
            cell.setText(known.get());
            return cell;
        }
        cell.setText("…");
        cell.getElement().setAttribute("title", "Asking the provider");
        UI ui = UI.getCurrent();
        tasks.execute(() -> {
            String readiness = deployments.readiness(deployment);
            ui.access(() -> {
                cell.setText(readiness);
                cell.getElement().removeAttribute("title");
            });
        });
        return cell;
    }

    private static Component stateBadge(DeploymentSummary deployment) {
        Span badge = new Span(deployment.active() ? "Active" : "Closed");
        badge.getElement().getThemeList().add(deployment.active() ? "badge success" : "badge contrast");
        return badge;
    }

    private Component actions(DeploymentSummary deployment) {
        Button close = new Button("Close", e -> {
            ConfirmDialog confirm = new ConfirmDialog("Close deployment " + deployment.dseq() + "?",
                    "Its lease ends and every process of it stops on the provider. This cannot be undone.", "Close deployment",
                    ok -> run(() -> deployments.close(user.userId(), deployment.dseq()), deployment.provider(),
                            "Deployment " + deployment.dseq() + " is closed."));
            confirm.setCancelable(true);
            confirm.setConfirmButtonTheme("error primary");
            confirm.open();
        });
        close.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        close.setEnabled(deployment.active());
        return close;
    }

    private void run(Runnable action, String provider, String success) {
        try {
            action.run();
            Notification.show(success, 4000, Notification.Position.BOTTOM_START).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            Notification.show(ProviderErrors.classify(e, provider).text(), 10_000, Notification.Position.TOP_CENTER)
                    .addThemeVariants(NotificationVariant.LUMO_ERROR);
        }
        grid.getDataProvider().refreshAll();
    }

    private void openNewDeployment() {
        NewDeploymentForm form = new NewDeploymentForm(providers.list());
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
            tasks.execute(() -> {
                try {
                    DeploymentSummary created = deployments.create(user.userId(), user.getUsername(), accountId, event.provider,
                            event.name, event.manifest, step -> ui.access(() -> showStep(bar, step)));
                    ui.access(() -> {
                        dialog.close();
                        grid.getDataProvider().refreshAll();
                        Notification.show("Deployment " + created.dseq() + " runs on the provider.", 4000, Notification.Position.BOTTOM_START)
                                .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                    });
                } catch (InvalidManifestException invalid) {
                    ui.access(() -> {
                        form.showErrors(invalid.errors());
                        deploy.setEnabled(true);
                        bar.setVisible(false);
                    });
                } catch (RuntimeException failed) {
                    String message = failed instanceof InvalidInputException invalid ? invalid.field() + ": " + invalid.getMessage()
                            : ProviderErrors.classify(failed, event.provider).text();
                    ui.access(() -> {
                        progressText.setText("Failed: " + message);
                        form.errors.setText(message);
                        deploy.setEnabled(true);
                        bar.setVisible(false);
                    });
                }
            });
        });
        dialog.getFooter().add(progressText, bar, new Button("Cancel", e -> dialog.close()), validate, deploy);
        dialog.open();
    }

    private void showStep(ProgressBar bar, ManifestProgress step) {
        progressText.setText(step.message());
        bar.setValue(switch (step.step()) {
            case VALIDATED -> 1;
            case SENDING, WAITING_FOR_LEASE -> 2;
            case APPLIED -> 4;
        });
    }
}
