/** The deployments list and deployment detail views. */
@NullMarked
package dev.pier.deployment.ui;

import org.jspecify.annotations.NullMarked;
