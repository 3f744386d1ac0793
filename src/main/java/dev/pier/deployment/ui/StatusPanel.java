package dev.pier.deployment.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.provider.client.ProviderErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.springframework.scheduling.TaskScheduler;

/** Per service: replicas ready of total, URIs as links, restarts; refreshed every few seconds while shown. */
class StatusPanel extends Composite<VerticalLayout> {

    /** One row: a service as the provider reports it. */
    record ServiceRow(String name, int ready, int total, List<String> uris, int restarts) {
    }

    final Grid<ServiceRow> grid = new Grid<>();
    final Span problem = new Span();
    private final DeploymentService deployments;
    private final DeploymentSummary deployment;
    private final TaskScheduler scheduler;
    private ScheduledFuture<?> refresh;

    StatusPanel(DeploymentService deployments, DeploymentSummary deployment, TaskScheduler scheduler) {
        this.deployments = deployments;
        this.deployment = deployment;
        this.scheduler = scheduler;
        grid.addColumn(ServiceRow::name).setHeader("Service").setKey("service");
        grid.addColumn(r -> r.ready() + " / " + r.total()).setHeader("Ready").setKey("ready");
        grid.addComponentColumn(r -> {
            HorizontalLayout links = new HorizontalLayout();
            r.uris().forEach(uri -> links.add(new Anchor(uri, uri, com.vaadin.flow.component.html.AnchorTarget.BLANK)));
            return links;
        }).setHeader("URIs").setKey("uris").setFlexGrow(2);
        grid.addColumn(ServiceRow::restarts).setHeader("Restarts").setKey("restarts");
        grid.setAllRowsVisible(true);
        problem.getStyle().set("color", "var(--lumo-error-text-color)");
        getContent().setPadding(false);
        getContent().add(problem, grid);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        refresh = scheduler.scheduleWithFixedDelay(() -> load(ui), java.time.Duration.ofSeconds(3));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (refresh != null) {
            refresh.cancel(false);
        }
    }

    private void load(UI ui) {
        try {
            List<ServiceRow> rows = rows(deployments.status(deployment));
            ui.access(() -> {
                problem.setText("");
                grid.setItems(rows);
            });
        } catch (RuntimeException e) {
            String text = ProviderErrors.classify(e, deployment.provider()).text();
            ui.access(() -> problem.setText(text));
        }
    }

    static List<ServiceRow> rows(JsonNode status) {
        List<ServiceRow> rows = new ArrayList<>();
        status.path("services").forEach(s -> {
            List<String> uris = new ArrayList<>();
            s.path("uris").forEach(u -> uris.add(u.asText()));
            rows.add(new ServiceRow(s.path("name").asText(), s.path("ready").asInt(), s.path("total").asInt(), uris,
                    s.path("restarts").asInt()));
        });
        return rows;
    }
}
