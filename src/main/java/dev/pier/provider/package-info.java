/** Providers: where workloads run; the console reaches them over HTTP and WebSocket only. */
package dev.pier.provider;
