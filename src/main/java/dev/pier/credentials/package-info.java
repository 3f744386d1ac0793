/** Provider credentials: issuing provider-bound JWTs and the only way any code obtains one (ensureToken). */
package dev.pier.credentials;
