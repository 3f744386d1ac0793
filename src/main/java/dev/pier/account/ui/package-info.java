/** Accounts as people manage them: the list, new and imported accounts, key rotation, and the header switcher. */
package dev.pier.account.ui;
