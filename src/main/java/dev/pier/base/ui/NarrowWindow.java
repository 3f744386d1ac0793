package dev.pier.base.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.shared.Registration;
import java.util.Set;
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

    /**
     * On a phone {@code grid} shows only the columns keyed {@code kept}; a kept "actions" column takes
     * {@code actionsWidth} (its buttons should wrap) instead of its natural width, so it stays on the screen.
     */
    public static void keepColumns(Component owner, Grid<?> grid, String actionsWidth, String... kept) {
        Set<String> keep = Set.of(kept);
        follow(owner, narrow -> {
            for (Grid.Column<?> column : grid.getColumns()) {
                if (column.getKey() != null && !keep.contains(column.getKey())) {
                    column.setVisible(!narrow);
                }
            }
            Grid.Column<?> actions = grid.getColumnByKey("actions");
            if (actions != null) {
                actions.setAutoWidth(!narrow);
                if (narrow) {
                    actions.setWidth(actionsWidth);
                }
            }
        });
    }
}
