package dev.pier.deployment.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.pier.base.ui.CodeEditor;
import dev.pier.base.ui.Timestamps;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.deployment.ManifestDiff;
import dev.pier.deployment.ManifestVersionSummary;
import dev.pier.manifest.InvalidManifestException;
import dev.pier.manifest.ManifestError;
import dev.pier.manifest.ManifestParser;
import dev.pier.provider.client.ProviderErrors;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The manifest editor: validation at line and column, the diff against the manifest in force, sending with progress,
 * and every applied version with who applied it and when, each of which can be applied again.
 */
class ManifestPanel extends Composite<VerticalLayout> {

    final CodeEditor editor = new CodeEditor("Manifest");
    final Div errors = new Div();
    final Div diff = new Div();
    final Span progress = new Span();
    final Button review = new Button("Review changes");
    final Button apply = new Button("Apply");
    final Grid<ManifestVersionSummary> history = new Grid<>();
    private final DeploymentService deployments;
    private final DeploymentSummary deployment;
    private final long userId;
    private final String username;
    private final Executor tasks;
    private String inForce = "";

    ManifestPanel(DeploymentService deployments, DeploymentSummary deployment, long userId, String username, Executor tasks) {
        this.deployments = deployments;
        this.deployment = deployment;
        this.userId = userId;
        this.username = username;
        this.tasks = tasks;
        editor.setEditorHeight("20em");
        errors.getStyle().set("color", "var(--lumo-error-text-color)").set("white-space", "pre-wrap")
                .set("font-family", "var(--lumo-font-family-monospace, monospace)");
        diff.getStyle().set("white-space", "pre").set("font-family", "var(--lumo-font-family-monospace, monospace)")
                .set("overflow-x", "auto");
        review.addClickListener(e -> showDiff());
        apply.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        apply.addClickListener(e -> send(editor.getValue()));
        apply.setEnabled(deployment.active());

        history.addColumn(ManifestVersionSummary::version).setHeader("Version").setKey("version").setAutoWidth(true).setFlexGrow(0);
        history.addColumn(ManifestVersionSummary::appliedBy).setHeader("Applied by").setKey("by");
        history.addColumn(v -> Timestamps.absolute(v.appliedAt())).setHeader("Applied at").setKey("at");
        history.addComponentColumn(v -> {
            Button again = new Button("Apply again", e -> {
                ConfirmDialog confirm = new ConfirmDialog("Apply version " + v.version() + " again?",
                        "It becomes the manifest in force, as a new version.", "Apply", ok -> {
                            editor.setValue(v.yaml());
                            send(v.yaml());
                        });
                confirm.setCancelable(true);
                confirm.open();
            });
            again.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            again.setEnabled(deployment.active());
            return again;
        }).setHeader("").setKey("actions").setAutoWidth(true).setFlexGrow(0);
        history.setAllRowsVisible(true);

        getContent().setPadding(false);
        getContent().add(editor, errors, new HorizontalLayout(review, apply, progress), diff, new H3("History"), history);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        tasks.execute(() -> {
            try {
                String current = deployments.manifestInForce(deployment);
                List<ManifestVersionSummary> versions = deployments.versions(userId, deployment.dseq());
                ui.access(() -> {
                    inForce = current;
                    if (editor.isEmpty()) {
                        editor.setValue(current);
                    }
                    history.setItems(versions);
                });
            } catch (RuntimeException e) {
                String text = ProviderErrors.classify(e, deployment.provider()).text();
                ui.access(() -> {
                    errors.setText(text);
                    history.setItems(deployments.versions(userId, deployment.dseq()));
                });
            }
        });
    }

    /** Validates the edit; shows every error at its line and column. */
    boolean validate() {
        try {
            ManifestParser.parse(editor.getValue());
            errors.setText("");
            editor.setInvalid(false);
            editor.setErrorLines(List.of());
            return true;
        } catch (InvalidManifestException e) {
            errors.setText(String.join("\n", e.errors().stream().map(ManifestError::toString).toList()));
            editor.setErrorMessage(e.errors().size() + (e.errors().size() == 1 ? " error" : " errors") + " below; the marked lines have them");
            editor.setErrorLines(e.errors().stream().map(ManifestError::line).distinct().toList());
            editor.setInvalid(true);
            return false;
        }
    }

    void showDiff() {
        List<ManifestDiff.Line> lines = ManifestDiff.between(inForce, editor.getValue());
        diff.setText(ManifestDiff.changed(lines)
                ? String.join("\n", lines.stream().map(ManifestDiff.Line::toString).toList())
                : "No changes against the manifest in force.");
    }

    private void send(String yaml) {
        if (!validate()) {
            return;
        }
        UI ui = UI.getCurrent();
        apply.setEnabled(false);
        tasks.execute(() -> {
            try {
                ManifestVersionSummary applied = deployments.updateManifest(userId, username, deployment.dseq(), yaml,
                        step -> ui.access(() -> progress.setText(step.message())));
                List<ManifestVersionSummary> versions = deployments.versions(userId, deployment.dseq());
                ui.access(() -> {
                    inForce = yaml;
                    progress.setText("Version " + applied.version() + " is in force.");
                    history.setItems(versions);
                    diff.setText("");
                    apply.setEnabled(true);
                });
            } catch (RuntimeException e) {
                String text = ProviderErrors.classify(e, deployment.provider()).text();
                ui.access(() -> {
                    progress.setText("Not applied: " + text);
                    apply.setEnabled(true);
                });
            }
        });
    }
}
