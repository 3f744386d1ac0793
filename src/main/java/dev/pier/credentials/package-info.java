/** Provider credentials: issuing provider-bound JWTs and the only way any code obtains one (ensureToken). */
@NullMarked
package dev.pier.credentials;

import org.jspecify.annotations.NullMarked;
