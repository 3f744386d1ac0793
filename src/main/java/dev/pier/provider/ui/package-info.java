/** The providers list. */
@NullMarked
package dev.pier.provider.ui;

import org.jspecify.annotations.NullMarked;
