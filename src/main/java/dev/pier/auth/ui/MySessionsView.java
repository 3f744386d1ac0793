package dev.pier.auth.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
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
import dev.pier.base.ui.Timestamps;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.util.Objects;

/** The signed-in user's persistent sessions (browsers and API tokens), each revocable. */
@Route("sessions")
@PageTitle("My sessions")
@PermitAll
public class MySessionsView extends VerticalLayout {

    final Grid<SessionSummary> grid = new Grid<>();
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
        grid.addColumn(s -> s.device()).setHeader("Device").setFlexGrow(3);
        grid.addColumn(s -> s.kind() == SessionKind.API ? "API token" : "Browser")
                .setHeader("Kind");
        grid.addColumn(s -> Timestamps.relative(s.lastUsedAt(), clock)).setHeader("Last used");
        grid.addColumn(s -> Timestamps.absolute(s.createdAt())).setHeader("Signed in");
        grid.addColumn(s -> Timestamps.relative(s.expiresAt(), clock)).setHeader("Expires");
        grid.addComponentColumn(this::actions)
                .setHeader("")
                .setKey("actions")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.setSizeFull();
        add(grid);
        refresh();
    }

    private Component actions(SessionSummary session) {
        if (isCurrent(session)) {
            Span current = new Span("This browser");
            current.getElement().getThemeList().add("badge success");
            Button logout = new Button("Revoke", e -> sessions.revoke(userId, session.id()));
            logout.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
            return new HorizontalLayout(current, logout);
        }
        Button revoke = new Button("Revoke", e -> {
            sessions.revoke(userId, session.id());
            refresh();
        });
        revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
        return revoke;
    }

    private boolean isCurrent(SessionSummary session) {
        VaadinSession vaadin = VaadinSession.getCurrent();
        return vaadin != null
                && vaadin.getSession() != null
                && Objects.equals(
                        vaadin.getSession().getAttribute(AuthSessionService.HTTP_SESSION_ATTRIBUTE), session.id());
    }

    void refresh() {
        // A user has a handful of sessions, so the whole list is loaded; no paging needed.
        grid.setItems(sessions.sessionsOf(userId));
    }
}
