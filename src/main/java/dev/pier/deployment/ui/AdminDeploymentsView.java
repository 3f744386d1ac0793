package dev.pier.deployment.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.pier.auth.ui.SignedInUser;
import dev.pier.base.InvalidInputException;
import dev.pier.base.ui.Addresses;
import dev.pier.base.ui.BackgroundWork;
import dev.pier.base.ui.NarrowWindow;
import dev.pier.base.ui.Timestamps;
import dev.pier.deployment.AdminDeployment;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.ProviderProblem;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Admin → Deployments: every lease of the installation, whoever owns it, filtered by owner, provider, state and name;
 * any active one can be closed, with a confirmation naming its owner and dseq.
 */
@Route("admin/deployments")
@PageTitle("All deployments")
@RolesAllowed("ADMIN")
public class AdminDeploymentsView extends VerticalLayout {

    static final String ANY_PROVIDER = "";

    final Grid<AdminDeployment> grid = new Grid<>();
    final TextField owner = new TextField();
    final Select<String> provider = new Select<>();
    final Select<String> state = new Select<>();
    final TextField name = new TextField();
    /** What the last close is doing, for people and tests. */
    final Span progress = new Span();

    private final DeploymentService deployments;
    private final BackgroundWork work;
    private final SignedInUser user;
    private final Map<String, String> providerNames;

    public AdminDeploymentsView(DeploymentService deployments, BackgroundWork work, SignedInUser user) {
        this.deployments = deployments;
        this.work = work;
        this.user = user;
        this.providerNames = deployments.providerNames();
        setSizeFull();
        owner.setPlaceholder("Owner (username)");
        owner.setClearButtonVisible(true);
        owner.setValueChangeMode(ValueChangeMode.LAZY);
        name.setPlaceholder("Name or dseq");
        name.setClearButtonVisible(true);
        name.setValueChangeMode(ValueChangeMode.LAZY);
        List<String> providers = new ArrayList<>(List.of(ANY_PROVIDER));
        providers.addAll(providerNames.keySet());
        provider.setItems(providers);
        provider.setItemLabelGenerator(a -> a.isEmpty() ? "Any provider" : providerNames.get(a));
        provider.setValue(ANY_PROVIDER);
        provider.setAriaLabel("Provider");
        state.setItems("All", "Active", "Closed");
        state.setValue("All");
        state.setAriaLabel("State");
        owner.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        name.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        provider.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        state.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        HorizontalLayout filters = new HorizontalLayout(owner, provider, state, name, progress);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.setWidthFull();
        // On a phone the filters wrap instead of running off the screen.
        filters.setWrap(true);

        grid.addColumn(r -> r.deployment().dseq())
                .setHeader("DSEQ")
                .setKey("dseq")
                .setAutoWidth(true);
        grid.addColumn(r -> r.deployment().name())
                .setHeader("Name")
                .setKey("name")
                .setFlexGrow(2);
        grid.addColumn(AdminDeployment::owner).setHeader("Owner").setKey("owner");
        grid.addColumn(AdminDeployment::account).setHeader("Account").setKey("account");
        grid.addColumn(r -> providerNames.getOrDefault(
                        r.deployment().provider(),
                        Addresses.shortened(r.deployment().provider())))
                .setHeader("Provider")
                .setKey("provider");
        grid.addColumn(r -> r.deployment().active() ? "Active" : "Closed")
                .setHeader("State")
                .setKey("state");
        grid.addColumn(r -> Timestamps.absolute(r.deployment().createdAt()))
                .setHeader("Created")
                .setKey("created");
        grid.addComponentColumn(this::closeButton)
                .setHeader("")
                .setKey("actions")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.setEmptyStateText("No deployment matches.");
        // Slice paging: the grid fetches page by page and needs no total count.
        grid.setItems(query -> deployments
                .listAll(
                        owner.getValue(),
                        provider.getValue(),
                        switch (state.getValue()) {
                            case "Active" -> Boolean.TRUE;
                            case "Closed" -> Boolean.FALSE;
                            default -> null;
                        },
                        name.getValue(),
                        VaadinSpringDataHelpers.toSpringPageRequest(query))
                .stream());
        // Any deployment's page opens for an administrator, read-only and recorded (see DeploymentView).
        grid.addItemClickListener(e -> {
            // A click on the row's Close button is the button's: the row would navigate away from its dialog.
            if (e.getColumn() != null && "actions".equals(e.getColumn().getKey())) {
                return;
            }
            getUI().ifPresent(ui -> ui.navigate(
                    DeploymentView.class,
                    new RouteParameters(
                            "dseq", String.valueOf(e.getItem().deployment().dseq()))));
        });
        grid.setSizeFull();
        add(filters, grid);
        // On a phone: the number, the name, its owner and Close.
        NarrowWindow.keepColumns(this, grid, "6em", "dseq", "name", "owner", "actions");
    }

    private Component closeButton(AdminDeployment row) {
        Button close = new Button("Close", e -> confirmClose(row));
        close.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        close.setEnabled(row.deployment().active());
        // Every row has a Close button: its accessible name says which deployment it closes.
        close.setAriaLabel("Close deployment " + row.deployment().dseq() + " of " + row.owner());
        return close;
    }

    private void confirmClose(AdminDeployment row) {
        long dseq = row.deployment().dseq();
        ConfirmDialog confirm = new ConfirmDialog(
                "Close deployment " + dseq + " of " + row.owner() + "?",
                "'" + row.deployment().name() + "' (account " + row.account() + ") stops on its provider and its "
                        + "lease ends. " + row.owner()
                        + " keeps its history. This cannot be undone, and it is recorded "
                        + "in the audit log.",
                "Close deployment " + dseq,
                ok -> close(row));
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    private void close(AdminDeployment row) {
        long dseq = row.deployment().dseq();
        progress.setText("Closing deployment " + dseq + "…");
        work.run(
                this,
                () -> deployments.closeAsAdministrator(user.id(), dseq),
                closed -> {
                    progress.setText("Deployment " + dseq + " of " + row.owner() + " is closed.");
                    Notification.show(progress.getText(), 4000, Notification.Position.BOTTOM_START)
                            .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                    grid.getDataProvider().refreshAll();
                },
                failure -> {
                    String why = failure instanceof InvalidInputException invalid
                            ? invalid.getMessage()
                            : ProviderProblem.text(failure, row.deployment().provider());
                    progress.setText("Deployment " + dseq + " was not closed: " + why);
                    grid.getDataProvider().refreshAll();
                });
    }
}
