/** What administrators see of one user across features: accounts, sessions and deployments. */
@NullMarked
package dev.pier.admin;

import org.jspecify.annotations.NullMarked;
