package dev.pier.deployment.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.pier.base.ui.BackgroundWork;
import dev.pier.base.ui.CodeEditor;
import dev.pier.base.ui.NarrowWindow;
import dev.pier.base.ui.Timestamps;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.deployment.ManifestDiff;
import dev.pier.deployment.ManifestVersionSummary;
import dev.pier.deployment.ProviderProblem;
import dev.pier.manifest.InvalidManifestException;
import dev.pier.manifest.ManifestError;
import dev.pier.manifest.ManifestParser;
import java.util.List;

/**
 * The manifest editor: validation at line and column, the diff against the manifest in force, sending with progress,
 * and every applied version with who applied it and when, each of which can be applied again.
 */
class ManifestPanel extends Composite<VerticalLayout> {

    final CodeEditor editor = new CodeEditor("Manifest");
    final Div errors = new Div();
    final Div diff = new Div();
    final Span progress = new Span();
    final Button check = new Button("Validate");
    final Button review = new Button("Review changes");
    /** The last past version opened with View (for tests). */
    Dialog versionDialog;

    final Button apply = new Button("Apply");
    final Grid<ManifestVersionSummary> history = new Grid<>();
    private final DeploymentService deployments;
    private final DeploymentSummary deployment;
    private final long userId;
    private final String username;
    private final BackgroundWork work;
    private String inForce = "";

    ManifestPanel(
            DeploymentService deployments,
            DeploymentSummary deployment,
            long userId,
            String username,
            BackgroundWork work,
            boolean readOnly) {
        this.deployments = deployments;
        this.deployment = deployment;
        this.userId = userId;
        this.username = username;
        this.work = work;
        editor.setEditorHeight("20em");
        errors.getStyle()
                .set("color", "var(--lumo-error-text-color)")
                .set("white-space", "pre-wrap")
                .set("font-family", "var(--lumo-font-family-monospace, monospace)");
        asDiffBox(diff);
        review.addClickListener(e -> showDiff());
        check.addClickListener(e -> {
            if (validate()) {
                progress.setText("The manifest is valid.");
            }
        });
        apply.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        apply.addClickListener(e -> send(editor.getValue()));
        apply.setEnabled(deployment.active() && !readOnly);

        history.addColumn(ManifestVersionSummary::version)
                .setHeader("Version")
                .setKey("version")
                .setAutoWidth(true)
                .setFlexGrow(0);
        history.addColumn(ManifestVersionSummary::appliedBy)
                .setHeader("Applied by")
                .setKey("by");
        history.addColumn(v -> Timestamps.absolute(v.appliedAt()))
                .setHeader("Applied at")
                .setKey("at")
                .setAutoWidth(true);
        history.addColumn(v -> v.change() == null ? "manifest applied" : v.change())
                .setHeader("What")
                .setKey("change");
        history.addComponentColumn(v -> {
                    Button view = new Button("View", e -> showVersion(v));
                    view.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
                    return view;
                })
                .setHeader("")
                .setKey("view")
                .setAutoWidth(true)
                .setFlexGrow(0);
        history.addComponentColumn(v -> {
                    Button again = new Button("Apply again", e -> {
                        ConfirmDialog confirm = new ConfirmDialog(
                                "Apply version " + v.version() + " again?",
                                "It becomes the manifest in force, as a new version.",
                                "Apply",
                                ok -> {
                                    editor.setValue(v.yaml());
                                    send(v.yaml());
                                });
                        confirm.setCancelable(true);
                        confirm.open();
                    });
                    again.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
                    again.setEnabled(deployment.active() && !readOnly);
                    return again;
                })
                .setHeader("")
                .setKey("actions")
                .setAutoWidth(true)
                .setFlexGrow(0);
        // On a phone: the version, what it did and its two buttons (narrower still, "What" gives way); who and when
        // show in the version's dialog.
        NarrowWindow.follow(this, narrow -> {
            history.getColumnByKey("by").setVisible(!narrow);
            history.getColumnByKey("at").setVisible(!narrow);
            if (narrow) {
                history.getColumnByKey("change").setWidth("4em");
                history.getColumnByKey("version").setAutoWidth(false);
                history.getColumnByKey("version").setWidth("3.5em");
            }
        });
        history.setAllRowsVisible(true);
        if (!deployment.active()) {
            editor.setReadOnly(true);
            review.setEnabled(false);
            check.setEnabled(false);
            progress.setText("Read-only: the deployment is closed; this is the last manifest it ran.");
        } else if (readOnly) {
            // An administrator reads another user's manifest; changing it is the owner's, or a close from the list.
            editor.setReadOnly(true);
            progress.setText("Read-only: another user's deployment, viewed as administrator.");
        }

        HorizontalLayout buttons = new HorizontalLayout(check, review, apply, progress);
        buttons.setWrap(true);
        getContent().setPadding(false);
        getContent().add(editor, errors, buttons, diff, new H3("History"), history);
    }

    /** What the panel shows first: the manifest in force (null when the provider could not be asked) and history. */
    private record Loaded(String inForce, List<ManifestVersionSummary> versions, String problem) {}

    @Override
    protected void onAttach(AttachEvent event) {
        work.run(
                this,
                () -> {
                    List<ManifestVersionSummary> versions = deployments.versionsOf(deployment);
                    if (!deployment.active()) {
                        // The provider removed the lease at close: the last version applied is the one that ran.
                        return new Loaded(
                                versions.isEmpty() ? "" : versions.get(0).yaml(), versions, null);
                    }
                    try {
                        return new Loaded(deployments.manifestInForce(deployment), versions, null);
                    } catch (RuntimeException e) {
                        return new Loaded(null, versions, ProviderProblem.text(e, deployment.provider()));
                    }
                },
                loaded -> {
                    if (loaded.inForce() != null) {
                        inForce = loaded.inForce();
                        if (editor.isEmpty()) {
                            editor.setValue(loaded.inForce());
                        }
                    } else {
                        errors.setText(loaded.problem());
                    }
                    history.setItems(loaded.versions());
                },
                failure -> errors.setText("The manifest history could not be read; reload the page to try again."));
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
            errors.setText(String.join(
                    "\n", e.errors().stream().map(ManifestError::toString).toList()));
            editor.setErrorMessage(e.errors().size() + (e.errors().size() == 1 ? " error" : " errors")
                    + " below; the marked lines have them");
            editor.setErrorLines(
                    e.errors().stream().map(ManifestError::line).distinct().toList());
            editor.setInvalid(true);
            return false;
        }
    }

    /** The changes against the manifest in force, coloured; an invalid edit is refused with its errors instead. */
    void showDiff() {
        diff.removeAll();
        if (!validate()) {
            diff.add(new Span("Fix the errors above before reviewing the changes."));
            return;
        }
        render(diff, inForce, editor.getValue());
    }

    /** Fills {@code target} with the line diff from {@code before} to {@code after}: removed red, added green. */
    static void render(Div target, String before, String after) {
        List<ManifestDiff.Line> lines = ManifestDiff.between(before, after);
        if (!ManifestDiff.changed(lines)) {
            target.add(new Span("No changes against the manifest in force."));
            return;
        }
        for (ManifestDiff.Line line : lines) {
            Div row = new Div(line.toString());
            switch (line.kind()) {
                case '+' -> mark(row, "diff-added", "success");
                case '-' -> mark(row, "diff-removed", "error");
                default -> row.addClassName("diff-same");
            }
            target.add(row);
        }
    }

    /** A changed line in Lumo's colours of its tone ("success" added, "error" removed). */
    private static void mark(Div row, String className, String tone) {
        row.addClassName(className);
        row.getStyle()
                .set("background", "var(--lumo-" + tone + "-color-10pct)")
                .set("color", "var(--lumo-" + tone + "-text-color)");
    }

    /** Where a diff is shown: monospace, lines kept as they are, scrolling sideways when long. */
    private static Div asDiffBox(Div box) {
        box.getStyle()
                .set("white-space", "pre")
                .set("font-family", "var(--lumo-font-family-monospace, monospace)")
                .set("overflow-x", "auto");
        return box;
    }

    /** A past version, read-only, with its changes against the manifest in force, and the way to apply it again. */
    private void showVersion(ManifestVersionSummary version) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Version " + version.version() + ", applied by " + version.appliedBy() + " on "
                + Timestamps.absolute(version.appliedAt()));
        CodeEditor text = new CodeEditor("Manifest");
        text.setValue(version.yaml());
        text.setReadOnly(true);
        text.setEditorHeight("16em");
        Div changes = asDiffBox(new Div());
        render(changes, inForce, version.yaml());
        dialog.add(text, new H3("Against the manifest in force"), changes);
        dialog.setWidth("min(60rem, 95vw)");
        Button again = new Button("Apply again", e -> {
            dialog.close();
            editor.setValue(version.yaml());
            send(version.yaml());
        });
        again.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        again.setEnabled(apply.isEnabled());
        dialog.getFooter().add(new Button("Close", e -> dialog.close()), again);
        versionDialog = dialog;
        dialog.open();
    }

    private void send(String yaml) {
        if (!validate()) {
            return;
        }
        UI ui = UI.getCurrent();
        apply.setEnabled(false);
        work.run(
                this,
                () -> {
                    ManifestVersionSummary applied = deployments.updateManifest(
                            userId,
                            username,
                            deployment.dseq(),
                            yaml,
                            step -> ui.access(() -> progress.setText(step.message())));
                    return new Applied(applied, deployments.versions(userId, deployment.dseq()));
                },
                applied -> {
                    inForce = yaml;
                    progress.setText("Version " + applied.version().version() + " is in force.");
                    history.setItems(applied.versions());
                    diff.setText("");
                    apply.setEnabled(true);
                },
                failure -> {
                    progress.setText("Not applied: " + ProviderProblem.text(failure, deployment.provider()));
                    apply.setEnabled(true);
                });
    }

    private record Applied(ManifestVersionSummary version, List<ManifestVersionSummary> versions) {}
}
