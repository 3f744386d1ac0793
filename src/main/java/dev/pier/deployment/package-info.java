/** Deployments: a manifest deployed on a provider through a lease. */
@NullMarked
package dev.pier.deployment;

import org.jspecify.annotations.NullMarked;
