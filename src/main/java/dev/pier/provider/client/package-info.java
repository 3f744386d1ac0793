/** The console's one client for provider gateways: every HTTP and WebSocket call to a provider goes through here. */
package dev.pier.provider.client;
