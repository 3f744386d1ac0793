package dev.pier.base.ui;

import java.util.OptionalLong;

/**
 * A feature's entry in the admin menu, with an optional count shown as a badge (unacknowledged alerts), so the shared
 * layout shows it without depending on the feature.
 */
public interface AdminMenuItem {

    String label();

    String path();

    /** A count to show beside the label; empty shows none. */
    OptionalLong badge();
}
