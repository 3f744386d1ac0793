package dev.pier.providerapp.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.shared.ServiceStatus;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code podman run} arguments of one replica: what isolates it (an unprivileged uid range, no new privileges, a
 * read-only root with its scratch volume as /tmp, the lease's own network), what bounds it (cpu, memory, pids, ulimits)
 * and what it runs (image, entry point, arguments). Changes to the sandbox happen here and nowhere else.
 */
final class ContainerRunArguments {

    /** Size of the tmpfs at /run, where programs keep pid files and sockets. */
    static final long RUN_TMPFS_BYTES = 16L << 20;

    private ContainerRunArguments() {}

    /**
     * @param network the lease's network
     * @param envFile the owner-only file with the manifest's variables (no host process carries them)
     * @param workingDir the image's working directory ("" or "/": the scratch space is used instead)
     * @param ulimits podman's {@code --ulimit} values, separated by spaces
     * @param cgroupParent the parent cgroup that keeps the run's memory peak
     */
    static List<String> of(
            Placement placement,
            PodmanSettings settings,
            String network,
            Path envFile,
            String image,
            String workingDir,
            String ulimits,
            String cgroupParent) {
        Placement.Limits limits = placement.resources();
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--name",
                placement.name(),
                "--replace",
                "--label",
                "pier.instance=" + settings.instance(),
                "--label",
                "pier.lease=" + PodmanEngine.leaseKey(placement.lease()),
                "--network",
                network,
                "--hostname",
                placement.service() + "-" + placement.index(),
                "--uidmap",
                "0:" + settings.uidBase() + ":65536",
                "--gidmap",
                "0:" + settings.uidBase() + ":65536",
                "--security-opt",
                "no-new-privileges",
                "--cap-drop",
                "NET_RAW",
                "--cap-drop",
                "MKNOD",
                "--read-only",
                "--read-only-tmpfs=false",
                "--tmpfs",
                "/run:rw,nosuid,nodev,size=" + RUN_TMPFS_BYTES,
                "--volume",
                placement.workDir() + ":/tmp:rw",
                "--cpus",
                cpus(limits.cpuMillis()),
                "--memory",
                Long.toString(limits.memoryBytes()),
                "--memory-swap",
                Long.toString(limits.memoryBytes()),
                "--pids-limit",
                Integer.toString(limits.pids()),
                "--cgroup-parent",
                cgroupParent,
                "--init",
                "--pull",
                "never",
                "--log-driver",
                "none",
                "--stop-timeout",
                "3",
                "--env-file",
                envFile.toString()));
        for (String ulimit : ulimits.split(" ")) {
            if (!ulimit.isBlank()) {
                args.add("--ulimit");
                args.add(ulimit);
            }
        }
        placement.env().forEach((name, value) -> {
            args.add("--env");
            args.add(name + "=" + value);
        });
        if (!placement.spec().env().containsKey("HOME")) {
            // The root file system is read-only; programs that keep files in $HOME find room in the scratch space.
            args.add("--env");
            args.add("HOME=/tmp");
        }
        for (ServiceStatus.ForwardedPort port : placement.ports()) {
            args.add("--publish");
            args.add(settings.publishAddress() + ":" + port.externalPort() + ":" + port.port() + "/" + port.proto());
        }
        if (workingDir.isBlank() || workingDir.equals("/")) {
            args.add("--workdir");
            args.add("/tmp");
        }
        if (!placement.spec().command().isEmpty()) {
            args.add("--entrypoint");
            args.add(jsonArray(placement.spec().command()));
        }
        args.add(image);
        args.addAll(placement.spec().args());
        return args;
    }

    private static String cpus(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }

    /** The JSON array form of --entrypoint: each word stays one word, whatever it contains. */
    private static String jsonArray(List<String> words) {
        try {
            return new ObjectMapper().writeValueAsString(words);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
