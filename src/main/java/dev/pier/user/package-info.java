/** Console users: accounts people log in with, their roles, and the first administrator. */
@NullMarked
package dev.pier.user;

import org.jspecify.annotations.NullMarked;
