/** Admin → Users: create users, enable and disable them, reset passwords, change roles. */
package dev.pier.user.ui;
