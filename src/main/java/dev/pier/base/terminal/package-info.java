/** Browser sockets for terminals: keystrokes and output skip Vaadin's per-event round trip. */
package dev.pier.base.terminal;
