/** The console's one client for provider gateways: every HTTP and WebSocket call to a provider goes through here. */
@NullMarked
package dev.pier.provider.client;

import org.jspecify.annotations.NullMarked;
