package dev.pier.deployment;

/** A deployment as administrators list it: with the username that owns it and the name of its account. */
public record AdminDeployment(DeploymentSummary deployment, String owner, String account) {}
