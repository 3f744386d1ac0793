/** Admin → Alerts and the admin menu's badge of unacknowledged alerts. */
@NullMarked
package dev.pier.alert.ui;

import org.jspecify.annotations.NullMarked;
