/** Pier, a self-hosted deployment console: the application entry point; features live in sub-packages. */
@NullMarked
package dev.pier;

import org.jspecify.annotations.NullMarked;
