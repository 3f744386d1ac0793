package dev.pier.provider.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.pier.base.ui.BackgroundWork;
import dev.pier.provider.ProviderDirectory;
import dev.pier.provider.ProviderDirectory.ProviderOverview;
import jakarta.annotation.security.PermitAll;

/** The providers this console can deploy to, whether they answer, and how they isolate workloads. */
@Route("providers")
@PageTitle("Providers")
@PermitAll
public class ProvidersView extends VerticalLayout {

    final Grid<ProviderOverview> grid = new Grid<>();
    /** Asking the providers, or why they could not be listed. */
    final Span state = new Span("Asking the providers…");

    private final ProviderDirectory directory;
    private final BackgroundWork work;

    public ProvidersView(ProviderDirectory directory, BackgroundWork work) {
        this.directory = directory;
        this.work = work;
        setSizeFull();
        grid.addColumn(o -> o.provider().name()).setHeader("Name").setKey("name");
        grid.addColumn(o -> o.provider().address())
                .setHeader("Address")
                .setKey("address")
                .setFlexGrow(3);
        grid.addColumn(o -> o.provider().hostUri())
                .setHeader("Host")
                .setKey("host")
                .setFlexGrow(2);
        grid.addComponentColumn(ProvidersView::state).setHeader("Status").setKey("status");
        grid.addComponentColumn(ProvidersView::isolation)
                .setHeader("Isolation")
                .setKey("isolation")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addComponentColumn(this::testButton)
                .setHeader("")
                .setKey("actions")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.setSizeFull();
        add(state, grid);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        reload();
    }

    /** A console knows a handful of providers: the whole list is loaded, each probed, in the background. */
    private void reload() {
        work.run(
                this,
                directory::list,
                overviews -> {
                    state.setText(overviews.isEmpty() ? "No provider is registered with this console yet." : "");
                    state.setVisible(overviews.isEmpty());
                    grid.setItems(overviews);
                },
                failure -> {
                    state.setVisible(true);
                    state.setText("The providers could not be listed; reload the page to try again.");
                });
    }

    private static Component state(ProviderOverview overview) {
        Span badge = new Span(overview.online() ? "Online" : "Offline");
        badge.getElement().getThemeList().add(overview.online() ? "badge success" : "badge error");
        if (overview.problem() != null) {
            badge.setTitle(overview.problem());
        }
        return badge;
    }

    private static Component isolation(ProviderOverview overview) {
        Span badge = new Span(overview.isolation() + (overview.engine().isBlank() ? "" : " · " + overview.engine()));
        if ("none".equals(overview.isolation())) {
            // Loud on purpose: workloads on this provider can read everything the provider can.
            badge.setText("none — plain processes, workloads are not isolated; administrators only");
            badge.getElement().getThemeList().add("badge error primary");
        } else {
            badge.getElement().getThemeList().add("badge contrast");
        }
        return badge;
    }

    private Component testButton(ProviderOverview overview) {
        Button test = new Button("Test connection");
        test.addClickListener(e -> {
            test.setEnabled(false);
            test.setText("Testing…");
            work.run(
                    this,
                    () -> directory.test(overview.provider()),
                    fresh -> {
                        Notification notification = Notification.show(
                                fresh.online()
                                        ? fresh.provider().name() + " answers; isolation: " + fresh.isolation() + "."
                                        : fresh.problem(),
                                6000,
                                Notification.Position.BOTTOM_START);
                        notification.addThemeVariants(
                                fresh.online() ? NotificationVariant.LUMO_SUCCESS : NotificationVariant.LUMO_ERROR);
                        reload();
                    },
                    failure -> {
                        test.setEnabled(true);
                        test.setText("Test connection");
                    });
        });
        test.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        return test;
    }
}
