package dev.pier.runtime;

/** How workloads are fenced off from the provider: bubblewrap namespaces, or nothing (reported loudly). */
public enum IsolationMode {
    BUBBLEWRAP, NONE
}
