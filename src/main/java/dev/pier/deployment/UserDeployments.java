package dev.pier.deployment;

import java.util.List;

/** A user's deployments as administrators see them: how many in all, and the active ones. */
public record UserDeployments(long total, List<DeploymentSummary> active) {}
