/**
 * The provider gateway: a separate application (its own Spring context and port, even when embedded in the console's
 * JVM) that verifies provider JWTs and serves the Akash-style lease API over HTTP and WebSocket.
 */
@NullMarked
package dev.pier.providerapp.gateway;

import org.jspecify.annotations.NullMarked;
