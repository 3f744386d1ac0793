/** Accounts as people manage them: the list, new and imported accounts, key rotation, and the header switcher. */
@NullMarked
package dev.pier.account.ui;

import org.jspecify.annotations.NullMarked;
