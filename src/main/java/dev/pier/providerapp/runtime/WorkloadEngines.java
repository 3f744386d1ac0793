package dev.pier.providerapp.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Which engine runs the workloads: podman where it works, plain processes where chosen or allowed to fall back. */
final class WorkloadEngines {

    private static final Logger log = LoggerFactory.getLogger(WorkloadEngines.class);

    private WorkloadEngines() {}

    /**
     * {@code auto} takes podman when it works here and falls back to plain processes with a warning; {@code podman}
     * refuses to start without it.
     *
     * @throws IllegalStateException when podman is required but does not work (the message says why)
     */
    static WorkloadEngine choose(RuntimeChoice choice, PodmanSettings podman, Path workRoot) {
        WorkloadEngine engine;
        if (choice == RuntimeChoice.KUBERNETES) {
            throw new IllegalArgumentException("a cluster is not a local engine: use KubernetesRuntime");
        }
        if (choice == RuntimeChoice.PROCESS) {
            engine = new ProcessEngine(workRoot);
        } else {
            List<String> why = new ArrayList<>();
            var found = PodmanEngine.detect(podman, why::add);
            if (found.isPresent()) {
                engine = found.get();
                log.info(
                        "Workloads run in podman {} containers ({})",
                        found.get().info().version(),
                        found.get().info().runtime());
            } else if (choice == RuntimeChoice.PODMAN) {
                throw new IllegalStateException("pier.provider.runtime=podman, but " + String.join("; ", why)
                        + ". Install podman (apt-get install podman runc) or choose another runtime.");
            } else {
                log.warn(
                        "Workloads run WITHOUT isolation as plain processes ({}): only administrators may deploy "
                                + "on this provider. Install podman (apt-get install podman runc) to run them "
                                + "in containers.",
                        String.join("; ", why));
                engine = new ProcessEngine(workRoot);
            }
        }
        return engine;
    }
}
