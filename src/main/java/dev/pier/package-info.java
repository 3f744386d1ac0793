/** Pier, a self-hosted deployment console: the application entry point; features live in sub-packages. */
package dev.pier;
