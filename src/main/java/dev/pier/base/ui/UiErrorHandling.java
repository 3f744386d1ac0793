package dev.pier.base.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.server.ErrorEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import dev.pier.base.InvalidInputException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * One error handler for every browser session: the failure is logged with a reference and the person sees a
 * notification that says what to do next, never a blank page.
 */
@Component
class UiErrorHandling implements VaadinServiceInitListener {

    private static final Logger log = LoggerFactory.getLogger(UiErrorHandling.class);

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addSessionInitListener(init -> init.getSession().setErrorHandler(this::handle));
    }

    void handle(ErrorEvent event) {
        String message = messageFor(rootCause(event.getThrowable()));
        UI ui = UI.getCurrent();
        if (ui != null) {
            ui.access(() -> {
                Notification notification = Notification.show(message, 8000, Notification.Position.TOP_CENTER);
                notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
            });
        }
    }

    static String messageFor(Throwable cause) {
        if (cause instanceof InvalidInputException invalid) {
            return invalid.field() + ": " + invalid.getMessage();
        }
        if (cause instanceof AccessDeniedException) {
            return "You do not have the role this action needs. Ask an administrator if you should.";
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        log.error("Unexpected error in the UI (reference {})", reference, cause);
        return "Something went wrong (reference " + reference + "). Try again; if it keeps happening, "
                + "give the reference to your administrator.";
    }

    private static Throwable rootCause(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause && !(cause instanceof InvalidInputException)) {
            cause = cause.getCause();
        }
        return cause;
    }
}
