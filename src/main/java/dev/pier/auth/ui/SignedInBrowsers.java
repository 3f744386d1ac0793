package dev.pier.auth.ui;

import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import com.vaadin.flow.server.VaadinServletService;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.WrappedSession;
import dev.pier.auth.AuthSessionService;
import dev.pier.auth.BrowsersToSignOut;
import dev.pier.base.terminal.TerminalChannels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * The browser sessions signed in right now, so that revoking a session or disabling a user ends the open tabs at once:
 * Vaadin's push channel does not pass through the security filters, so waiting for the next filtered request would
 * leave a tab working.
 */
@Component
public class SignedInBrowsers implements VaadinServiceInitListener {

    private static final Logger log = LoggerFactory.getLogger(SignedInBrowsers.class);

    private static final String SECURITY_CONTEXT = HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY;
    private static final Duration REDIRECT_GRACE = Duration.ofSeconds(2);

    private final Map<VaadinSession, String> usernames = new ConcurrentHashMap<>();
    private final TaskScheduler timers;
    private final TerminalChannels terminals;

    SignedInBrowsers(@Qualifier("authTimers") TaskScheduler timers, TerminalChannels terminals) {
        this.timers = timers;
        this.terminals = terminals;
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addUIInitListener(e -> {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth != null && auth.isAuthenticated() && !"anonymousUser".equals(auth.getName())) {
                usernames.put(e.getUI().getSession(), auth.getName());
            }
        });
        event.getSource().addSessionDestroyListener(e -> usernames.remove(e.getSession()));
    }

    /** How many Vaadin sessions are registered as signed in. */
    public int count() {
        return usernames.size();
    }

    @EventListener
    void signOut(BrowsersToSignOut browsers) {
        if (browsers.authSessionId() != null) {
            endSession(browsers.authSessionId());
        } else {
            endAllOf(browsers.username(), browsers.location());
        }
    }

    /** Ends every browser of a user, and their terminal sockets; open tabs are sent to {@code location} first. */
    private void endAllOf(String username, String location) {
        int closed = terminals.closeAllOf(username);
        if (closed > 0) {
            log.info("Closed {} terminal(s) of {}, who was signed out everywhere", closed, username);
        }
        usernames.forEach((session, name) -> {
            if (name.equals(username)) {
                end(session, location);
            }
        });
    }

    /** Ends the browsers signed in with one persistent session. */
    private void endSession(long authSessionId) {
        usernames.keySet().forEach(session -> {
            WrappedSession wrapped = session.getSession();
            Object id;
            try {
                id = wrapped == null ? null : wrapped.getAttribute(AuthSessionService.HTTP_SESSION_ATTRIBUTE);
            } catch (IllegalStateException alreadyInvalid) {
                usernames.remove(session);
                return;
            }
            if (Objects.equals(id, authSessionId)) {
                end(session, "login");
            }
        });
    }

    /** A location from the context root: a relative one would resolve against the tab's current, nested path. */
    private static String absolute(VaadinSession session, String location) {
        String contextPath = session.getService() instanceof VaadinServletService servlet
                ? servlet.getServlet().getServletContext().getContextPath()
                : "";
        return contextPath + "/" + location;
    }

    private void end(VaadinSession session, String location) {
        usernames.remove(session);
        session.access(() -> {
            // Nothing is authorised from here on, whatever channel the next message takes.
            try {
                session.getSession().removeAttribute(SECURITY_CONTEXT);
            } catch (IllegalStateException alreadyInvalid) {
                return;
            }
            for (var ui : List.copyOf(session.getUIs())) {
                try {
                    ui.getPage().setLocation(absolute(session, location));
                    ui.push();
                } catch (RuntimeException staleTab) {
                    // A UI whose page the browser already left: nothing to tell it, the others still get told.
                    log.debug("Could not redirect a UI before ending its session", staleTab);
                }
            }
        });
        // The HTTP session ends a moment later, so a redirect waiting for a reconnecting push channel still arrives.
        timers.schedule(
                () -> session.access(() -> {
                    try {
                        session.getSession().invalidate();
                    } catch (IllegalStateException alreadyInvalid) {
                        log.debug("Session was already invalid", alreadyInvalid);
                    }
                }),
                Instant.now().plus(REDIRECT_GRACE));
    }
}
