package dev.pier.deployment;

import java.time.Instant;

/** A secret of a deployment as it is shown: its name and who set it when, never its value. */
public record DeploymentSecret(String name, Instant updatedAt, String updatedBy) {}
