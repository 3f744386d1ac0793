/**
 * Several console instances on one database: locks that span them (Spring Integration's JDBC lock registry), jobs that
 * run once per interval across them, and sign-outs told to every instance.
 */
@NullMarked
package dev.pier.cluster;

import org.jspecify.annotations.NullMarked;
