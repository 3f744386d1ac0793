/** Browser sockets for terminals: keystrokes and output skip Vaadin's per-event round trip. */
@NullMarked
package dev.pier.base.terminal;

import org.jspecify.annotations.NullMarked;
