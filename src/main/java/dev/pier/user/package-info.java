/** Console users: accounts people log in with, their roles, and the first administrator. */
package dev.pier.user;
