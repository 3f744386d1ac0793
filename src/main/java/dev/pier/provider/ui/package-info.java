/** The providers list. */
package dev.pier.provider.ui;
