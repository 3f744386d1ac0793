package dev.pier.credentials.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.function.SerializableSupplier;
import com.vaadin.flow.shared.Registration;

/**
 * Wraps everything that needs a provider: a skeleton while access is pending, a warning with Retry whenever the
 * credential state holds an error (also over content already shown), and the content otherwise. Access is sticky: the
 * content is created once, on the first usable credential, and stays mounted through every later refresh or error, so a
 * terminal or a log stream inside it is never recreated.
 */
public class ProviderAuthFallback extends Composite<Div> {

    final Div skeleton = new Div();
    final Div alert = new Div();
    final Span alertText = new Span();
    final Button retry = new Button("Retry", VaadinIcon.REFRESH.create());
    private final CredentialState state;
    private final String provider;
    private final SerializableSupplier<Component> contentFactory;
    private Component content;
    private Registration listener;

    public ProviderAuthFallback(
            CredentialState state, String provider, SerializableSupplier<Component> contentFactory) {
        this.state = state;
        this.provider = provider;
        this.contentFactory = contentFactory;

        skeleton.addClassName("pier-skeleton");
        skeleton.getElement().setAttribute("aria-busy", "true");
        skeleton.getElement().setAttribute("aria-label", "Authorizing with the provider");
        for (int i = 0; i < 4; i++) {
            Div bar = new Div();
            bar.getStyle()
                    .set("height", "1em")
                    .set("margin", "0.6em 0")
                    .set("border-radius", "4px")
                    .set("background", "var(--lumo-contrast-10pct)")
                    .set("width", (90 - i * 15) + "%");
            skeleton.add(bar);
        }

        alert.getElement().setAttribute("role", "alert");
        alert.getStyle()
                .set("display", "flex")
                .set("gap", "var(--lumo-space-m)")
                .set("align-items", "center")
                .set("padding", "var(--lumo-space-s) var(--lumo-space-m)")
                .set("border-radius", "var(--lumo-border-radius-m)")
                .set("background", "var(--lumo-error-color-10pct)")
                .set("color", "var(--lumo-error-text-color)");
        retry.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
        retry.addClickListener(e -> state.request(provider));
        alertText.getStyle().set("flex", "1");
        alert.add(VaadinIcon.WARNING.create(), alertText, retry);
        alert.setVisible(false);

        getContent().setWidthFull();
        getContent().add(alert, skeleton);
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        listener = state.addChangeListener(changed -> {
            if (changed.equals(provider)) {
                render();
            }
        });
        state.request(provider);
        render();
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        if (listener != null) {
            listener.remove();
            listener = null;
        }
    }

    private void render() {
        CredentialState.Snapshot snapshot = state.snapshot(provider);
        alert.setVisible(snapshot.hasError());
        alertText.setText(snapshot.hasError() ? snapshot.error().message() : "");
        if (snapshot.hadAccess() && content == null) {
            content = contentFactory.get();
            getContent().add(content);
        }
        skeleton.setVisible(content == null && !snapshot.hasError());
    }

    /** Whether the content has been mounted (it never is unmounted again). */
    public boolean showsContent() {
        return content != null;
    }

    public boolean showsSkeleton() {
        return skeleton.isVisible();
    }

    public boolean showsAlert() {
        return alert.isVisible();
    }

    /** The alert's Retry button, which asks for credentials again. */
    public Button retryButton() {
        return retry;
    }

    public String alertMessage() {
        return alertText.getText();
    }
}
