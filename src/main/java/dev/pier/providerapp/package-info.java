/**
 * The provider application: a separate Spring application ({@link dev.pier.providerapp.ProviderApplication}) that the
 * console starts embedded on its own port or that runs alone with {@code pier.roles=provider}. {@code gateway} holds
 * its HTTP/WebSocket routes and token checks, {@code runtime} supervises workloads. It shares only
 * {@code dev.pier.shared}, {@code dev.pier.manifest} and {@code dev.pier.base} with the console.
 */
@NullMarked
package dev.pier.providerapp;

import org.jspecify.annotations.NullMarked;
