package dev.pier.deployment.ui;

import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.WrappedSession;
import java.util.UUID;

/**
 * What a browser session remembers of its shells: one PTY session id per deployment, service and replica, and the
 * recent screen of each, so a reloaded page or a reopened tab re-attaches to the same program and shows what it printed
 * meanwhile.
 */
final class ShellScreens {

    /** Characters of recent output kept per shell. */
    static final int SCREEN_CHARS = 64_000;

    private ShellScreens() {}

    /** The PTY session id for this deployment, service and replica in the current browser session. */
    static String sessionId(long dseq, String service, int replica) {
        WrappedSession session = VaadinSession.getCurrent().getSession();
        String key = "pier.shell." + dseq + "." + service + "." + replica;
        Object id = session.getAttribute(key);
        if (id == null) {
            id = UUID.randomUUID().toString();
            session.setAttribute(key, id);
        }
        return (String) id;
    }

    /** The recent output of a PTY session, shared by every terminal of this browser session showing it. */
    static StringBuffer screenOf(String sessionId) {
        WrappedSession session = VaadinSession.getCurrent().getSession();
        String key = "pier.shell.screen." + sessionId;
        if (session.getAttribute(key) instanceof StringBuffer screen) {
            return screen;
        }
        StringBuffer fresh = new StringBuffer();
        session.setAttribute(key, fresh);
        return fresh;
    }

    /** Appends output to a screen, keeping only its last {@link #SCREEN_CHARS} characters. */
    static void remember(StringBuffer screen, String text) {
        synchronized (screen) {
            screen.append(text);
            if (screen.length() > SCREEN_CHARS) {
                screen.delete(0, screen.length() - SCREEN_CHARS);
            }
        }
    }
}
