/** Admin → Users: create users, enable and disable them, reset passwords, change roles. */
@NullMarked
package dev.pier.user.ui;

import org.jspecify.annotations.NullMarked;
