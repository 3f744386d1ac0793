/** The user details an administrator opens from Admin → Users. */
@NullMarked
package dev.pier.admin.ui;

import org.jspecify.annotations.NullMarked;
