package dev.pier.alert.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.pier.alert.AlertSummary;
import dev.pier.alert.Alerts;
import dev.pier.base.ui.BackgroundWork;
import dev.pier.base.ui.NarrowWindow;
import dev.pier.base.ui.Timestamps;
import jakarta.annotation.security.RolesAllowed;

/** Admin → Alerts: each problem once, with how often and since when it happened; acknowledge what was handled. */
@Route("admin/alerts")
@PageTitle("Alerts")
@RolesAllowed("ADMIN")
public class AlertsView extends VerticalLayout {

    final Grid<AlertSummary> grid = new Grid<>();
    private final Alerts alerts;
    private final BackgroundWork work;

    public AlertsView(Alerts alerts, BackgroundWork work) {
        this.alerts = alerts;
        this.work = work;
        setSizeFull();
        grid.addColumn(AlertSummary::kind).setHeader("Alert").setKey("kind").setAutoWidth(true);
        grid.addColumn(AlertSummary::message)
                .setHeader("What happened")
                .setKey("message")
                .setFlexGrow(3);
        grid.addColumn(a -> a.provider() == null ? "" : a.provider())
                .setHeader("Provider")
                .setKey("provider");
        grid.addColumn(AlertSummary::count).setHeader("Times").setKey("count").setAutoWidth(true);
        grid.addColumn(a -> Timestamps.absolute(a.firstSeen()))
                .setHeader("First seen")
                .setKey("first");
        grid.addColumn(a -> Timestamps.absolute(a.lastSeen()))
                .setHeader("Last seen")
                .setKey("last");
        grid.addComponentColumn(this::acknowledgement)
                .setHeader("")
                .setKey("actions")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.setEmptyStateText("No alerts: nothing needs an administrator.");
        grid.setSizeFull();
        add(grid);
        // On a phone: what it is and the acknowledgement; the kind's long names share the width instead of setting it.
        NarrowWindow.keepColumns(this, grid, "8em", "kind", "actions");
        NarrowWindow.follow(this, narrow -> grid.getColumnByKey("kind").setAutoWidth(!narrow));
    }

    @Override
    protected void onAttach(AttachEvent event) {
        reload();
    }

    private void reload() {
        work.run(
                this,
                alerts::list,
                grid::setItems,
                failure -> grid.setEmptyStateText("The alerts could not be read; reload the page to try again."));
    }

    private Component acknowledgement(AlertSummary alert) {
        Button acknowledge =
                new Button(alert.acknowledged() ? "Acknowledged by " + alert.acknowledgedBy() : "Acknowledge");
        acknowledge.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        acknowledge.setEnabled(!alert.acknowledged());
        acknowledge.addClickListener(e -> work.run(
                this,
                () -> alerts.acknowledge(alert.id()),
                done -> reload(),
                failure -> acknowledge.setText("Could not acknowledge; try again")));
        return acknowledge;
    }
}
