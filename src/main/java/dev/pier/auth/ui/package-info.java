/** The login page and "My sessions", where a user sees and revokes their persistent sessions. */
package dev.pier.auth.ui;
