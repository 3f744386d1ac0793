package dev.pier.audit.ui;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.pier.audit.AuditAction;
import dev.pier.audit.AuditEntry;
import dev.pier.audit.AuditLog;
import dev.pier.base.ui.NarrowWindow;
import dev.pier.base.ui.Timestamps;
import jakarta.annotation.security.RolesAllowed;
import java.time.ZoneOffset;

/** Admin → Audit: who did what to what, and when, newest first, filtered by actor, action and time. */
@Route("admin/audit")
@PageTitle("Audit")
@RolesAllowed("ADMIN")
public class AuditView extends VerticalLayout {

    final Grid<AuditEntry> grid = new Grid<>();
    final TextField actor = new TextField();
    final ComboBox<AuditAction> action = new ComboBox<>();
    final DateTimePicker since = new DateTimePicker();

    public AuditView(AuditLog audit) {
        setSizeFull();
        actor.setPlaceholder("Actor (username)");
        actor.setClearButtonVisible(true);
        actor.setValueChangeMode(ValueChangeMode.LAZY);
        action.setPlaceholder("Any action");
        action.setItems(AuditAction.values());
        action.setClearButtonVisible(true);
        since.setAriaLabel("Since (UTC)");
        since.setDatePlaceholder("Since");
        HorizontalLayout filters = new HorizontalLayout(actor, action, since);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        // On a phone the filters wrap instead of running off the screen.
        filters.setWrap(true);
        actor.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        action.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        since.addValueChangeListener(e -> grid.getDataProvider().refreshAll());

        grid.addColumn(e -> Timestamps.absolute(e.at()))
                .setHeader("When")
                .setKey("at")
                .setAutoWidth(true);
        grid.addColumn(AuditEntry::actor).setHeader("Who").setKey("actor").setAutoWidth(true);
        grid.addColumn(AuditEntry::action).setHeader("What").setKey("action").setAutoWidth(true);
        grid.addColumn(AuditEntry::target).setHeader("Target").setKey("target").setFlexGrow(2);
        grid.addColumn(AuditEntry::detail).setHeader("Detail").setKey("detail").setFlexGrow(3);
        grid.setEmptyStateText("No audit events match.");
        // On a phone: when, what and on what; who and the details show on a wider screen.
        NarrowWindow.keepColumns(this, grid, "", "at", "action", "target");
        // Slice paging: the grid fetches page by page and needs no total count.
        grid.setItems(query -> audit
                .search(
                        actor.getValue(),
                        action.getValue(),
                        since.getValue() == null ? null : since.getValue().toInstant(ZoneOffset.UTC),
                        VaadinSpringDataHelpers.toSpringPageRequest(query))
                .stream());
        grid.setSizeFull();
        add(filters, grid);
    }
}
