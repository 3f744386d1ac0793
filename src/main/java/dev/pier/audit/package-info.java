/**
 * The audit log: who did what to what, and when, for every administrator action and the credential events that matter;
 * kept for {@code pier.audit.retention}.
 */
@NullMarked
package dev.pier.audit;

import org.jspecify.annotations.NullMarked;
