package dev.pier.manifest;

import java.util.List;
import java.util.Optional;

/**
 * A validated manifest: the services to run, and the YAML it was read from (kept verbatim, so what was applied is
 * exactly what is shown and diffed later).
 */
public record Manifest(List<ServiceSpec> services, String yaml) {

    public Optional<ServiceSpec> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
