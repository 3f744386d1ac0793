package dev.pier.base.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.shared.Registration;
import java.util.function.Consumer;

/**
 * Tells a view whether the browser window is phone-narrow, when it is attached and whenever the window is resized, so a
 * grid can keep only the columns that matter on a phone.
 */
public final class NarrowWindow {

    /** Window widths below this are phones. */
    public static final int BELOW = 600;

    private NarrowWindow() {}

    /** Calls {@code narrow} with true below {@link #BELOW} px, while {@code owner} is attached. */
    public static void follow(Component owner, Consumer<Boolean> narrow) {
        Registration[] resizing = {null};
        owner.addAttachListener(event -> {
            var page = event.getUI().getPage();
            page.retrieveExtendedClientDetails(details -> narrow.accept(details.getWindowInnerWidth() < BELOW));
            resizing[0] = page.addBrowserWindowResizeListener(resized -> narrow.accept(resized.getWidth() < BELOW));
        });
        owner.addDetachListener(event -> {
            if (resizing[0] != null) {
                resizing[0].remove();
                resizing[0] = null;
            }
        });
    }
}
