/** Admin → Audit: the audit log, filtered by actor, action and time. */
@NullMarked
package dev.pier.audit.ui;

import org.jspecify.annotations.NullMarked;
