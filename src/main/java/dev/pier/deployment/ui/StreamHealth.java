package dev.pier.deployment.ui;

import com.vaadin.flow.component.ClickEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import dev.pier.base.StreamStatus;
import java.util.List;

/**
 * A stream's health as a badge (connecting, live, reconnecting with why, ended with why) and Reconnect once it ended.
 */
class StreamHealth extends Composite<HorizontalLayout> {

    final Span badge = new Span("Connecting…");
    final Button reconnect = new Button("Reconnect");

    StreamHealth(ComponentEventListener<ClickEvent<Button>> onReconnect) {
        badge.getElement().getThemeList().add("badge");
        // Screen readers announce each change of health (live, reconnecting, ended) without moving focus.
        badge.getElement().setAttribute("role", "status");
        badge.getElement().setAttribute("aria-live", "polite");
        reconnect.addThemeVariants(ButtonVariant.LUMO_SMALL);
        reconnect.addClickListener(onReconnect);
        reconnect.setVisible(false);
        getContent().setAlignItems(FlexComponent.Alignment.BASELINE);
        getContent().add(badge, reconnect);
    }

    void show(StreamStatus status) {
        badge.getElement().getThemeList().removeAll(List.of("success", "error", "contrast"));
        switch (status.state()) {
            case LIVE -> {
                badge.setText("Live");
                badge.getElement().getThemeList().add("success");
            }
            case CONNECTING -> badge.setText("Connecting…");
            case RECONNECTING -> {
                badge.setText("Reconnecting: " + status.reason());
                badge.getElement().getThemeList().add("contrast");
            }
            case CLOSED -> {
                badge.setText("Ended: " + status.reason());
                badge.getElement().getThemeList().add("error");
            }
            case ARCHIVED -> {
                badge.setText(status.reason());
                badge.getElement().getThemeList().add("contrast");
            }
        }
        reconnect.setVisible(status.closed());
    }

    /** A live stream that heard nothing from the provider for a while: it may be stuck, so Reconnect is offered. */
    void showStalled(long seconds) {
        badge.getElement().getThemeList().removeAll(List.of("success", "error", "contrast"));
        badge.setText("Stalled for " + seconds + " s");
        badge.getElement().getThemeList().add("contrast");
        reconnect.setVisible(true);
    }

    /** Nothing is connected, and why is said elsewhere (e.g. on a field whose choice no longer exists). */
    void showNotConnected() {
        badge.getElement().getThemeList().removeAll(List.of("success", "error", "contrast"));
        badge.setText("Not connected");
        badge.getElement().getThemeList().add("contrast");
        reconnect.setVisible(false);
    }

    String getText() {
        return badge.getText();
    }
}
