/**
 * Where workloads run: the runtime contract the provider gateway uses, and the local runtime (supervised processes
 * under bubblewrap, captured logs, lifecycle events, PTY shells).
 */
@NullMarked
package dev.pier.providerapp.runtime;

import org.jspecify.annotations.NullMarked;
