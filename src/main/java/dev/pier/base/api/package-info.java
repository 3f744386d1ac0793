/** The REST API's shared edge: one JSON error shape {error, message, action} for every failure under /api. */
@NullMarked
package dev.pier.base.api;

import org.jspecify.annotations.NullMarked;
