/** The REST API's shared edge: one JSON error shape {error, message, action} for every failure under /api. */
package dev.pier.base.api;
