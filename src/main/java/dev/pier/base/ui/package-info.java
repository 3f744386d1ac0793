/** The application shell shared by every view: layout, navigation, theme, error handling and small shared widgets. */
@NullMarked
package dev.pier.base.ui;

import org.jspecify.annotations.NullMarked;
