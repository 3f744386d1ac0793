/**
 * Alerts: problems that need an administrator, stored once per fingerprint with first and last seen and a count, logged
 * once, counted in a metric and acknowledged in Admin → Alerts.
 */
@NullMarked
package dev.pier.alert;

import org.jspecify.annotations.NullMarked;
