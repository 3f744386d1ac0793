/** Deployments: a manifest deployed on a provider through a lease. */
package dev.pier.deployment;
