/** The application shell shared by every view: layout, navigation, theme, error handling and small shared widgets. */
package dev.pier.base.ui;
