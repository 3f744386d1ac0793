package dev.pier.shared;

import java.util.List;
import java.util.Map;

/** What {@code GET /lease/{dseq}/{gseq}/{oseq}/status} answers: each service of the lease by name. */
public record LeaseStatus(Map<String, ServiceStatus> services) {

    public LeaseStatus {
        services = services == null ? Map.of() : services;
    }

    /** Replicas ready over all services. */
    public int ready() {
        return services.values().stream().mapToInt(ServiceStatus::ready).sum();
    }

    /** Replicas wanted over all services. */
    public int total() {
        return services.values().stream().mapToInt(ServiceStatus::total).sum();
    }

    /** The services whose replicas keep crashing (see {@link ServiceStatus#crashLooping()}). */
    public List<ServiceStatus> crashLooping() {
        return services.values().stream().filter(ServiceStatus::crashLooping).toList();
    }

    public List<ServiceStatus> list() {
        return List.copyOf(services.values());
    }
}
