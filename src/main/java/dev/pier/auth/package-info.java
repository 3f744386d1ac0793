/**
 * Login for people and scripts: the two security chains, sliding persistent sessions (browser cookie and API bearer
 * token), login throttling, and ending sessions at once when access is revoked.
 */
@NullMarked
package dev.pier.auth;

import org.jspecify.annotations.NullMarked;
