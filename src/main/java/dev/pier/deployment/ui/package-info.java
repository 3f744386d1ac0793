/** The deployments list and deployment detail views. */
package dev.pier.deployment.ui;
