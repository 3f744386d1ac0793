/** The login page and "My sessions", where a user sees and revokes their persistent sessions. */
@NullMarked
package dev.pier.auth.ui;

import org.jspecify.annotations.NullMarked;
