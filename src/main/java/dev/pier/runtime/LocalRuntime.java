package dev.pier.runtime;

import dev.pier.manifest.Manifest;
import dev.pier.manifest.ServiceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs leases as supervised local processes, each replica in {@code <workRoot>/<lease>/<service>-<replica>} under
 * bubblewrap when it is available (see {@link Sandbox}), with logs in memory and in
 * {@code <logRoot>/<lease>/log.jsonl}, and PTY shells that survive reconnects for a grace period.
 *
 * <p>Not a bean by itself: the provider gateway constructs it and calls {@link #close()} on shutdown.
 */
public class LocalRuntime implements WorkloadRuntime, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalRuntime.class);
    static final String PATH = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin";

    private final Path workRoot;
    private final Path logRoot;
    private final RuntimeContext ctx;
    private final Map<LeaseId, LeaseRuntime> leases = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Detects bubblewrap (a short test run) and prepares the runtime; starts nothing yet. */
    public LocalRuntime(Path workRoot, Path logRoot, RuntimeSettings settings, Clock clock,
                        ScheduledExecutorService scheduler) {
        this(workRoot, logRoot, settings, clock, scheduler, Sandbox.detect(settings.bwrap()));
    }

    LocalRuntime(Path workRoot, Path logRoot, RuntimeSettings settings, Clock clock, ScheduledExecutorService scheduler,
                 Sandbox sandbox) {
        this.workRoot = workRoot.toAbsolutePath().normalize();
        this.logRoot = logRoot.toAbsolutePath().normalize();
        preparePtyNativeDirectory();
        ExecutorService io = Executors.newCachedThreadPool(daemonThreads("pier-runtime-io-"));
        ExecutorService spawner = Executors.newSingleThreadExecutor(daemonThreads("pier-runtime-spawner-"));
        this.ctx = new RuntimeContext(clock, settings, sandbox, scheduler, io, spawner);
    }

    @Override
    public IsolationMode isolation() {
        return ctx.sandbox().mode();
    }

    @Override
    public void apply(LeaseId lease, Manifest manifest) {
        checkOpen();
        for (ServiceSpec spec : manifest.services()) {
            if (spec.command() == null || spec.command().isEmpty()) {
                throw new IllegalArgumentException("the local runtime runs `command`; service '" + spec.name()
                        + "' has only an image (" + spec.image() + "). Add a `command` to run it on this provider.");
            }
        }
        if (ctx.settings().requireIsolation() && isolation() == IsolationMode.NONE) {
            throw new IllegalStateException("This provider requires isolation, but bubblewrap is missing or does not "
                    + "work here; install bubblewrap (apt-get install bubblewrap) or ask the provider's operator.");
        }
        LeaseRuntime state = lease(lease);
        state.lock.lock();
        try {
            checkOpen();
            Set<String> wanted = manifest.services().stream().map(ServiceSpec::name).collect(Collectors.toSet());
            for (String name : List.copyOf(state.services.keySet())) {
                if (!wanted.contains(name)) {
                    stopReplicas(state.services.remove(name).replicas);
                }
            }
            for (ServiceSpec spec : manifest.services()) {
                rollOut(state, spec);
            }
            state.manifest = manifest;
        } finally {
            state.lock.unlock();
        }
    }

    /** New replica i starts before old replica i stops, so a service keeps serving through the change. */
    private void rollOut(LeaseRuntime state, ServiceSpec spec) {
        var group = state.services.computeIfAbsent(spec.name(), name -> new LeaseRuntime.ServiceGroup(spec));
        group.spec = spec;
        List<Replica> replicas = group.replicas;
        for (int i = 0; i < spec.count(); i++) {
            Replica next = newReplica(state, group, spec, i);
            state.event(spec.name(), i, "scheduled", "scheduled", null);
            next.start();
            if (i < replicas.size()) {
                replicas.set(i, next).stop();
            } else {
                replicas.add(next);
            }
        }
        while (replicas.size() > spec.count()) {
            replicas.remove(replicas.size() - 1).stop();
        }
    }

    private Replica newReplica(LeaseRuntime state, LeaseRuntime.ServiceGroup group, ServiceSpec spec, int index) {
        Path dir = state.workDir.resolve(spec.name() + "-" + index);
        List<ServiceStatus.ForwardedPort> ports = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.put("HOME", dir.toString());
        env.put("LANG", "C.UTF-8");
        if (spec.env() != null) {
            env.putAll(spec.env());
        }
        env.put("SERVICE", spec.name());
        env.put("REPLICA", Integer.toString(index));
        if (spec.expose() != null) {
            for (ServiceSpec.Expose expose : spec.expose()) {
                String proto = expose.proto() == null ? "tcp" : expose.proto();
                int hostPort = freePort(proto);
                ports.add(new ServiceStatus.ForwardedPort(expose.port(), hostPort, proto, "127.0.0.1"));
                env.put("PORT_" + expose.port(), Integer.toString(hostPort));
            }
        }
        List<String> command = new ArrayList<>(spec.command());
        if (spec.args() != null) {
            command.addAll(spec.args());
        }
        return new Replica(spec.name(), index, dir, ctx.sandbox().commandLine(dir, command, true), env, ports, state, ctx,
                group.restarts::incrementAndGet);
    }

    /**
     * A port that is free now. Another program could take it before the replica binds it; acceptable for a local
     * runtime, and the replica's crash and restart would show it.
     */
    private static int freePort(String proto) {
        try {
            if ("udp".equalsIgnoreCase(proto)) {
                try (var socket = new DatagramSocket(0)) {
                    return socket.getLocalPort();
                }
            }
            try (var socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    @Override
    public void stop(LeaseId lease) {
        LeaseRuntime state = leases.get(lease);
        if (state == null) {
            return;
        }
        state.lock.lock();
        try {
            List<ProcessHandle> handles = new ArrayList<>();
            List<String> markers = new ArrayList<>();
            for (PtyShell shell : List.copyOf(state.shells.values())) {
                ProcessHandle.of(shell.pid()).ifPresent(handles::add);
                markers.add(shell.marker);
            }
            List<Replica> replicas = new ArrayList<>();
            for (var group : state.services.values()) {
                replicas.addAll(group.replicas);
            }
            for (Replica replica : replicas) {
                ProcessHandle handle = replica.beginStop();
                if (handle != null) {
                    handles.add(handle);
                }
                markers.add(replica.marker);
            }
            ProcessTrees.kill(handles, ctx.settings().stopTimeout(), markers);
            state.shells.values().forEach(PtyShell::terminate);
            state.shells.clear();
            replicas.forEach(Replica::stopped);
            state.services.clear();
            state.manifest = null;
        } finally {
            state.lock.unlock();
        }
    }

    /** Forgets a stopped lease's logs and events (the log files stay). */
    public void release(LeaseId lease) {
        stop(lease);
        LeaseRuntime state = leases.remove(lease);
        if (state != null) {
            state.closeLogFile();
        }
    }

    @Override
    public List<ServiceStatus> status(LeaseId lease) {
        LeaseRuntime state = leases.get(lease);
        Manifest manifest = state == null ? null : state.manifest;
        if (manifest == null) {
            return List.of();
        }
        List<ServiceStatus> out = new ArrayList<>();
        for (ServiceSpec spec : manifest.services()) {
            var group = state.services.get(spec.name());
            if (group == null) {
                continue;
            }
            List<Replica> replicas = List.copyOf(group.replicas);
            int ready = (int) replicas.stream().filter(Replica::isAlive).count();
            List<ServiceStatus.ForwardedPort> ports = replicas.stream().flatMap(r -> r.ports.stream()).toList();
            List<String> uris = ports.stream().filter(p -> "tcp".equalsIgnoreCase(p.proto()))
                    .map(p -> "http://" + p.host() + ":" + p.externalPort()).toList();
            out.add(new ServiceStatus(spec.name(), spec.count(), ready, uris, ports, group.restarts.get()));
        }
        return out;
    }

    @Override
    public SequencedLog<LogLine> logs(LeaseId lease) {
        return lease(lease).logs;
    }

    @Override
    public SequencedLog<LeaseEvent> events(LeaseId lease) {
        return lease(lease).events;
    }

    @Override
    public ShellSession shell(LeaseId lease, String service, int replica, String sessionId, List<String> command) {
        checkOpen();
        LeaseRuntime state = leases.get(lease);
        if (state == null) {
            throw new IllegalArgumentException("lease " + lease.path() + " runs nothing here");
        }
        state.lock.lock();
        try {
            Replica target = replicaOf(state, lease, service, replica);
            PtyShell existing = state.shells.get(sessionId);
            if (existing != null && existing.isAlive()) {
                if (!existing.service.equals(service) || existing.replica != replica) {
                    throw new IllegalArgumentException("shell session " + sessionId + " belongs to service '"
                            + existing.service + "' replica " + existing.replica);
                }
                return existing;
            }
            List<String> program = command == null || command.isEmpty() ? defaultShell() : command;
            Map<String, String> env = new LinkedHashMap<>(target.env);
            env.put("TERM", "xterm-256color");
            PtyShell shell = PtyShell.start(sessionId, service, replica,
                    ctx.sandbox().commandLine(target.workDir, program, false), target.workDir, env, ctx,
                    gone -> state.shells.remove(sessionId, gone));
            state.shells.put(sessionId, shell);
            return shell;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a shell in " + service + "-" + replica, e);
        } finally {
            state.lock.unlock();
        }
    }

    /** The replica a shell or a file read is for; the caller holds the lease's lock. */
    private static Replica replicaOf(LeaseRuntime state, LeaseId lease, String service, int replica) {
        var group = state.services.get(service);
        if (group == null) {
            throw new IllegalArgumentException("lease " + lease.path() + " has no service '" + service + "'");
        }
        if (replica < 0 || replica >= group.replicas.size()) {
            throw new IllegalArgumentException("service '" + service + "' has replicas 0 to "
                    + (group.replicas.size() - 1) + ", not " + replica);
        }
        return group.replicas.get(replica);
    }

    @Override
    public java.io.InputStream readFile(LeaseId lease, String service, int replica, String path) {
        checkOpen();
        if (path == null || path.isBlank() || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("path: name a file, e.g. /etc/hostname or out/report.txt");
        }
        LeaseRuntime state = leases.get(lease);
        if (state == null) {
            throw new IllegalArgumentException("lease " + lease.path() + " runs nothing here");
        }
        Replica target;
        state.lock.lock();
        try {
            target = replicaOf(state, lease, service, replica);
        } finally {
            state.lock.unlock();
        }
        try {
            // cat inside the sandbox: symlinks and ".." resolve in the workload's view, never the provider's.
            var builder = new ProcessBuilder(ctx.sandbox().commandLine(target.workDir, List.of("cat", "--", path), true))
                    .directory(target.workDir.toFile());
            builder.environment().clear();
            Process reader = ctx.spawn(builder);
            reader.getOutputStream().close();
            var out = new java.io.PushbackInputStream(reader.getInputStream(), 1);
            int first = out.read();
            if (first < 0 && reader.waitFor() != 0) {
                String why = new String(reader.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
                throw new IllegalArgumentException("cannot read " + path + " in " + service + "-" + replica + ": "
                        + why.replaceFirst("^cat: ", "").replaceFirst("^.*?: ", ""));
            }
            if (first >= 0) {
                out.unread(first);
            }
            return new java.io.FilterInputStream(out) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        reader.destroy();
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path + " in " + service + "-" + replica, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + path, e);
        }
    }

    /**
     * pty4j unpacks its native library into {@code -Dpty4j.tmpdir} only if that is an absolute path to an existing
     * directory; otherwise every JVM leaves a new {@code /tmp/pty4j-*} behind. The property is set by the launcher;
     * this only makes sure its directory exists.
     */
    private static void preparePtyNativeDirectory() {
        String dir = System.getProperty("pty4j.tmpdir");
        if (dir == null || dir.isBlank() || !Path.of(dir).isAbsolute()) {
            return;
        }
        try {
            Files.createDirectories(Path.of(dir));
        } catch (IOException e) {
            log.warn("Cannot create pty4j.tmpdir {}; pty4j falls back to a new directory in /tmp", dir, e);
        }
    }

    private static List<String> defaultShell() {
        return Files.isExecutable(Path.of("/bin/bash")) ? List.of("/bin/bash", "-i") : List.of("/bin/sh", "-i");
    }

    /** Stops every lease, then the runtime's own threads. The scheduler belongs to the caller and stays up. */
    @Override
    public void close() {
        closed = true;
        for (LeaseId lease : List.copyOf(leases.keySet())) {
            try {
                stop(lease);
            } catch (RuntimeException e) {
                log.warn("Stopping lease {} failed", lease.path(), e);
            }
        }
        leases.values().forEach(LeaseRuntime::closeLogFile);
        ctx.spawner().shutdown();
        ctx.io().shutdownNow();
    }

    /** PIDs of a service's current replica processes, replica order, -1 where none runs (for tests). */
    List<Long> pids(LeaseId lease, String service) {
        LeaseRuntime state = leases.get(lease);
        var group = state == null ? null : state.services.get(service);
        return group == null ? List.of() : group.replicas.stream().map(Replica::pid).toList();
    }

    Path workDir(LeaseId lease) {
        return workRoot.resolve(lease.path());
    }

    Path logFile(LeaseId lease) {
        return lease(lease).logFile();
    }

    private LeaseRuntime lease(LeaseId lease) {
        // The owner is part of the path: make sure no spelling of it leads out of the work or log root.
        Path dir = workRoot.resolve(lease.path()).normalize();
        if (!dir.startsWith(workRoot) || dir.equals(workRoot) || lease.owner().contains("..")) {
            throw new IllegalArgumentException("lease " + lease.path() + " is not a valid directory name");
        }
        return leases.computeIfAbsent(lease, id -> new LeaseRuntime(id, workRoot.resolve(id.path()),
                logRoot.resolve(id.path()), ctx.settings(), ctx.clock()));
    }

    private void stopReplicas(List<Replica> replicas) {
        List<ProcessHandle> handles = new ArrayList<>();
        for (Replica replica : replicas) {
            ProcessHandle handle = replica.beginStop();
            if (handle != null) {
                handles.add(handle);
            }
        }
        ProcessTrees.kill(handles, ctx.settings().stopTimeout(), replicas.stream().map(r -> r.marker).toList());
        replicas.forEach(Replica::stopped);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the local runtime is shut down");
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        var counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
