package dev.pier.deployment.ui;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.Text;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.shared.Registration;
import dev.pier.base.ui.CodeEditor;
import dev.pier.deployment.ProviderChoice;
import dev.pier.deployment.SampleManifests;
import dev.pier.manifest.InvalidManifestException;
import dev.pier.manifest.ManifestError;
import dev.pier.manifest.ManifestParser;
import dev.pier.manifest.SecretReferences;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Provider, name and manifest of a new deployment; validates the manifest in place and reports a submission upward. */
class NewDeploymentForm extends Composite<VerticalLayout> {

    /** Fired when the person asks to deploy a valid manifest. */
    static class DeployEvent extends ComponentEvent<NewDeploymentForm> {
        final String provider;
        final String name;
        final String manifest;
        final Map<String, String> secrets;

        DeployEvent(
                NewDeploymentForm source, String provider, String name, String manifest, Map<String, String> secrets) {
            super(source, false);
            this.provider = provider;
            this.name = name;
            this.manifest = manifest;
            this.secrets = secrets;
        }
    }

    final Select<ProviderChoice> provider = new Select<>();
    final TextField name = new TextField("Name");
    final Select<String> sample = new Select<>();
    final CodeEditor manifest = new CodeEditor("Manifest (YAML)");
    final Div errors = new Div();
    /** A password field for each secret the manifest names ({@code ${secret:NAME}}), by name. */
    final Map<String, PasswordField> secretFields = new LinkedHashMap<>();

    private final VerticalLayout secretsBox = new VerticalLayout();
    /** Shown while the chosen provider runs plain processes: its workloads are not isolated. */
    final Div isolationWarning = new Div();

    NewDeploymentForm(List<ProviderChoice> providers) {
        provider.setLabel("Provider");
        provider.setItems(providers);
        provider.setItemLabelGenerator(p -> p.name() + (p.online() ? "" : " (offline)"));
        provider.setItemEnabledProvider(ProviderChoice::online);
        isolationWarning.setText("This provider runs workloads as plain host processes, without isolation: only "
                + "administrators may deploy here, and a workload can read everything the provider can. Ask its "
                + "operator to install podman so that workloads run in containers.");
        isolationWarning.getElement().getThemeList().add("badge error");
        isolationWarning.getStyle().set("white-space", "normal").set("padding", "var(--lumo-space-s)");
        isolationWarning.setVisible(false);
        provider.addValueChangeListener(e -> isolationWarning.setVisible(
                e.getValue() != null && !e.getValue().isolated()));
        providers.stream().filter(ProviderChoice::online).findFirst().ifPresent(provider::setValue);
        name.setRequired(true);
        name.setMaxLength(64);
        sample.setLabel("Start from a sample");
        sample.setItems(SampleManifests.ALL.keySet());
        sample.addValueChangeListener(e -> {
            if (e.getValue() != null) {
                manifest.setValue(SampleManifests.ALL.get(e.getValue()));
            }
        });
        manifest.setEditorHeight("16em");
        Anchor reference = new Anchor("docs/manifest", "the manifest reference");
        reference.setTarget("_blank");
        reference.setId("manifest-reference");
        Span manifestHelp = new Span(
                new Text("Version, services with image, command, args, env, expose, count, resources: see "),
                reference,
                new Text(" (opens in a new tab)."));
        manifestHelp
                .getStyle()
                .set("font-size", "var(--lumo-font-size-s)")
                .set("color", "var(--lumo-secondary-text-color)");
        errors.getStyle()
                .set("color", "var(--lumo-error-text-color)")
                .set("white-space", "pre-wrap")
                .set("font-family", "var(--lumo-font-family-monospace, monospace)");
        secretsBox.setPadding(false);
        secretsBox.setSpacing(false);
        manifest.addValueChangeListener(e -> showSecretFields());
        getContent().setPadding(false);
        getContent().add(provider, isolationWarning, name, sample, manifest, manifestHelp, errors, secretsBox);
        getContent().setWidth("min(48em, 90vw)");
    }

    /**
     * One password field per secret the manifest names, keeping what was typed into those that stay: the values are
     * kept sealed with the new deployment and never shown again.
     */
    private void showSecretFields() {
        Set<String> named;
        try {
            named = SecretReferences.names(ManifestParser.parse(manifest.getValue()));
        } catch (InvalidManifestException notYet) {
            return;
        }
        secretFields.keySet().retainAll(named);
        secretsBox.removeAll();
        for (String secret : named) {
            PasswordField field = secretFields.computeIfAbsent(secret, n -> {
                PasswordField created = new PasswordField("Secret " + n);
                created.setRequired(true);
                created.setWidthFull();
                created.setHelperText("Kept encrypted; only the containers get it, as ${secret:" + n + "}.");
                return created;
            });
            secretsBox.add(field);
        }
    }

    /** Checks the manifest here; shows each error with its line and column. True when it is valid. */
    boolean validate() {
        try {
            ManifestParser.parse(manifest.getValue());
            showErrors(List.of());
            showSecretFields();
            return true;
        } catch (InvalidManifestException e) {
            showErrors(e.errors());
            return false;
        }
    }

    void showErrors(List<ManifestError> found) {
        errors.setText(
                String.join("\n", found.stream().map(ManifestError::toString).toList()));
        manifest.setInvalid(!found.isEmpty());
        manifest.setErrorLines(
                found.stream().map(ManifestError::line).distinct().toList());
        manifest.setErrorMessage(
                found.isEmpty() ? null : found.size() + (found.size() == 1 ? " error" : " errors") + " below");
    }

    void submit() {
        name.setInvalid(false);
        if (name.getValue().isBlank()) {
            name.setErrorMessage("Give the deployment a name.");
            name.setInvalid(true);
            return;
        }
        if (provider.getValue() == null) {
            provider.setErrorMessage("Choose a provider that is online.");
            provider.setInvalid(true);
            return;
        }
        if (!validate()) {
            return;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, PasswordField> field : secretFields.entrySet()) {
            field.getValue().setInvalid(false);
            if (field.getValue().getValue().isEmpty()) {
                field.getValue().setErrorMessage("The manifest uses this secret: give it a value.");
                field.getValue().setInvalid(true);
                return;
            }
            values.put(field.getKey(), field.getValue().getValue());
        }
        fireEvent(new DeployEvent(this, provider.getValue().address(), name.getValue(), manifest.getValue(), values));
    }

    Registration addDeployListener(ComponentEventListener<DeployEvent> listener) {
        return addListener(DeployEvent.class, listener);
    }
}
