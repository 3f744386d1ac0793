package dev.pier.auth.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.pier.auth.AuthSessionService;
import dev.pier.auth.PierPrincipal;
import dev.pier.auth.SessionKind;
import dev.pier.auth.SessionSummary;
import dev.pier.base.ui.NarrowWindow;
import dev.pier.base.ui.Timestamps;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The signed-in user's persistent sessions (browsers and API tokens), each revocable, or all but this browser's. */
@Route("sessions")
@PageTitle("My sessions")
@PermitAll
public class MySessionsView extends VerticalLayout {

    final Grid<SessionSummary> grid = new Grid<>();
    final Button revokeOthers = new Button("Revoke all other sessions", e -> confirmRevokeOthers());
    /** The confirmation of the last "Revoke all other sessions" (for tests). */
    ConfirmDialog confirmation;

    private final AuthSessionService sessions;
    private final Clock clock;
    private final long userId;

    public MySessionsView(AuthSessionService sessions, AuthenticationContext authentication, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
        this.userId = authentication
                .getAuthenticatedUser(PierPrincipal.class)
                .orElseThrow()
                .userId();
        setSizeFull();

        add(new Paragraph("Every browser you logged in with and every API token you created. A session ends after "
                + "30 days without use or 90 days after login; revoke any you do not recognise."));
        // The session of this browser says so beside its device (the Revoke column stays narrow on a phone).
        grid.addComponentColumn(s -> {
                    Span device = new Span(s.device());
                    if (!isCurrent(s)) {
                        return device;
                    }
                    Span current = new Span("This browser");
                    current.getElement().getThemeList().add("badge success");
                    HorizontalLayout both = new HorizontalLayout(device, current);
                    both.setWrap(true);
                    both.setSpacing(false);
                    both.getStyle().set("gap", "var(--lumo-space-xs)");
                    return both;
                })
                .setHeader("Device")
                .setKey("device")
                .setFlexGrow(3);
        grid.addColumn(s -> s.kind() == SessionKind.API ? "API token" : "Browser")
                .setHeader("Kind")
                .setKey("kind");
        grid.addColumn(s -> Timestamps.relative(s.lastUsedAt(), clock))
                .setHeader("Last used")
                .setKey("lastUsed");
        grid.addColumn(s -> Timestamps.absolute(s.createdAt()))
                .setHeader("Signed in")
                .setKey("signedIn");
        grid.addColumn(s -> Timestamps.relative(s.expiresAt(), clock))
                .setHeader("Expires")
                .setKey("expires");
        grid.addComponentColumn(this::actions)
                .setHeader("")
                .setKey("actions")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.setSizeFull();
        revokeOthers.addThemeVariants(ButtonVariant.LUMO_ERROR);
        add(revokeOthers, grid);
        // On a phone: the device, when it was last used and its Revoke.
        NarrowWindow.follow(
                this,
                narrow -> List.of("kind", "signedIn", "expires")
                        .forEach(key -> grid.getColumnByKey(key).setVisible(!narrow)));
        refresh();
    }

    /** Asks first, naming how many sessions end; this browser's stays signed in. */
    private void confirmRevokeOthers() {
        Long current = currentSessionId();
        long others = sessions.sessionsOf(userId).stream()
                .filter(s -> !Objects.equals(s.id(), current))
                .count();
        if (current == null || others == 0) {
            refresh();
            return;
        }
        confirmation = new ConfirmDialog(
                "Revoke " + otherSessions(others) + "?",
                "Every other browser signed in as you is signed out at once, and every API token you created stops "
                        + "working. This browser stays signed in.",
                "Revoke " + others,
                ok -> {
                    int revoked = sessions.revokeAllOthers(userId, current);
                    refresh();
                    Notification.show(
                                    "Revoked " + otherSessions(revoked) + ".", 4000, Notification.Position.BOTTOM_START)
                            .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                });
        confirmation.setCancelable(true);
        confirmation.setConfirmButtonTheme("error primary");
        confirmation.open();
    }

    /** "1 other session", "3 other sessions". */
    private static String otherSessions(long count) {
        return count + (count == 1 ? " other session" : " other sessions");
    }

    private Component actions(SessionSummary session) {
        if (isCurrent(session)) {
            Button logout = new Button("Revoke", e -> sessions.revoke(userId, session.id()));
            logout.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
            logout.setAriaLabel("Revoke this browser's session (signs you out)");
            return logout;
        }
        Button revoke = new Button("Revoke", e -> {
            sessions.revoke(userId, session.id());
            refresh();
        });
        revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
        return revoke;
    }

    private boolean isCurrent(SessionSummary session) {
        return Objects.equals(currentSessionId(), session.id());
    }

    /** The persistent session this browser signed in with (Pier's login always makes one). */
    private @Nullable Long currentSessionId() {
        VaadinSession vaadin = VaadinSession.getCurrent();
        if (vaadin == null || vaadin.getSession() == null) {
            return null;
        }
        return vaadin.getSession().getAttribute(AuthSessionService.HTTP_SESSION_ATTRIBUTE) instanceof Long id
                ? id
                : null;
    }

    void refresh() {
        // A user has a handful of sessions, so the whole list is loaded; no paging needed.
        List<SessionSummary> mine = sessions.sessionsOf(userId);
        grid.setItems(mine);
        Long current = currentSessionId();
        revokeOthers.setEnabled(current != null && mine.stream().anyMatch(s -> s.id() != current));
    }
}
