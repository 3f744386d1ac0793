/** Providers: where workloads run; the console reaches them over HTTP and WebSocket only. */
@NullMarked
package dev.pier.provider;

import org.jspecify.annotations.NullMarked;
