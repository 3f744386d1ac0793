package dev.pier.providerapp.runtime;

import dev.pier.manifest.ServiceSpec;
import dev.pier.shared.ServiceStatus;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Replicas as plain host processes: no isolation at all, every workload can read what the provider can. Only an
 * explicit single-user mode (an administrator's own machine without podman); the gateway allows it only for
 * administrators, and the console warns wherever it applies. Images are not run: a service needs a command.
 */
final class ProcessEngine implements WorkloadEngine {

    private final Path workRoot;

    ProcessEngine(Path workRoot) {
        this.workRoot = workRoot.toAbsolutePath().normalize();
    }

    @Override
    public IsolationMode isolation() {
        return IsolationMode.NONE;
    }

    @Override
    public EngineInfo info() {
        return new EngineInfo("process", "", "");
    }

    @Override
    public void removeLeftovers() {
        // Replicas of an earlier run carry a marker below this work root; none may outlive it.
        ProcessTrees.kill(ProcessTrees.markedWithPrefix(workRoot + "/"), Duration.ZERO, List.of());
    }

    @Override
    public void check(ServiceSpec spec) {
        if (spec.command().isEmpty()) {
            throw new IllegalArgumentException("This provider runs plain processes (no container engine), so it "
                    + "cannot run images: service '" + spec.name() + "' needs a 'command'. Install podman on the "
                    + "provider (apt-get install podman runc) to run images.");
        }
    }

    @Override
    public Placement place(LeaseId lease, ServiceSpec spec, int index, Placement.Limits limits) {
        check(spec);
        Path dir = workRoot.resolve(lease.path()).resolve(spec.name() + "-" + index);
        List<ServiceStatus.ForwardedPort> ports = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", LocalRuntime.PATH);
        env.put("HOME", dir.toString());
        env.put("LANG", "C.UTF-8");
        env.putAll(spec.env());
        env.put("SERVICE", spec.name());
        env.put("REPLICA", Integer.toString(index));
        for (ServiceSpec.Expose expose : spec.expose()) {
            String proto = expose.proto() == null ? "tcp" : expose.proto();
            int hostPort = HostPorts.free(proto, "127.0.0.1");
            ports.add(new ServiceStatus.ForwardedPort(expose.port(), hostPort, proto, "127.0.0.1"));
            env.put("PORT_" + expose.port(), Integer.toString(hostPort));
        }
        String marker = dir + "/" + UUID.randomUUID();
        return new Placement(
                lease,
                spec.name(),
                index,
                spec.name() + "-" + index,
                spec,
                limits,
                List.copyOf(ports),
                Map.copyOf(env),
                dir,
                marker);
    }

    @Override
    public void prepare(Placement placement, Consumer<String> progress) {
        try {
            Files.createDirectories(placement.workDir());
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + placement.workDir() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Process start(Placement placement) throws IOException {
        List<String> command = new ArrayList<>(placement.spec().command());
        command.addAll(placement.spec().args());
        var builder = new ProcessBuilder(command).directory(placement.workDir().toFile());
        // Nothing of the provider's own environment (credentials, database URLs) reaches the workload.
        builder.environment().clear();
        builder.environment().putAll(placement.env());
        builder.environment().put(ProcessTrees.MARKER, placement.marker());
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return builder.start();
    }

    @Override
    public String ended(Placement placement, int exitCode, String lastError) {
        return null;
    }

    @Override
    public void stop(Placement placement, Process process, Duration timeout) {
        List<ProcessHandle> roots = process == null ? List.of() : List.of(process.toHandle());
        ProcessTrees.kill(roots, timeout, List.of(placement.marker()));
    }

    @Override
    public void release(Placement placement) {
        // The directory goes with the lease.
    }

    @Override
    public void closeLease(LeaseId lease) {
        ScratchVolume.deleteTree(workRoot.resolve(lease.path()));
    }

    @Override
    public ProcessBuilder exec(Placement placement, List<String> program, boolean tty, String marker) {
        var builder = new ProcessBuilder(program).directory(placement.workDir().toFile());
        builder.environment().clear();
        builder.environment().putAll(placement.env());
        builder.environment().put(ProcessTrees.MARKER, marker);
        return builder;
    }

    @Override
    public List<String> defaultShell() {
        return Files.isExecutable(Path.of("/bin/bash")) ? List.of("/bin/bash", "-i") : List.of("/bin/sh", "-i");
    }

    @Override
    public void close() {}
}
