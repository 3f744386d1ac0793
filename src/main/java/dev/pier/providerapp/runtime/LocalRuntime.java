package dev.pier.providerapp.runtime;

import dev.pier.manifest.Manifest;
import dev.pier.manifest.ServiceSpec;
import dev.pier.shared.LeaseEvent;
import dev.pier.shared.LogLine;
import dev.pier.shared.ServiceStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs leases on this machine: supervised replicas (podman containers, or plain processes in the single-user mode),
 * logs in memory and in {@code <logRoot>/<lease>/log.jsonl}, lifecycle events, and PTY shells that survive reconnects
 * for a grace period. The {@link WorkloadEngine} decides how a replica runs; this class supervises.
 *
 * <p>Not a bean by itself: the provider gateway constructs it and calls {@link #close()} on shutdown.
 */
public class LocalRuntime implements WorkloadRuntime, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalRuntime.class);
    static final String PATH = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin";
    /** How long a rollout waits for a new replica's first start before it stops the old one anyway. */
    private static final Duration ROLLOUT_WAIT = Duration.ofSeconds(20);

    private final Path logRoot;
    private final RuntimeContext ctx;
    private final Map<LeaseId, LeaseRuntime> leases = new ConcurrentHashMap<>();
    private volatile boolean closed;

    LocalRuntime(
            Path logRoot,
            RuntimeSettings settings,
            Clock clock,
            ScheduledExecutorService scheduler,
            WorkloadEngine engine) {
        this.logRoot = logRoot.toAbsolutePath().normalize();
        preparePtyNativeDirectory();
        ExecutorService io = Executors.newCachedThreadPool(daemonThreads("pier-runtime-io-"));
        this.ctx = new RuntimeContext(clock, settings, engine, scheduler, io);
        engine.removeLeftovers();
    }

    /**
     * A runtime with the chosen engine. {@code auto} takes podman when it works here and falls back to plain processes
     * with a warning; {@code podman} refuses to start without it.
     *
     * @throws IllegalStateException when podman is required but does not work (the message says why)
     */
    public static LocalRuntime create(
            RuntimeChoice choice,
            PodmanSettings podman,
            Path workRoot,
            Path logRoot,
            RuntimeSettings settings,
            Clock clock,
            ScheduledExecutorService scheduler) {
        WorkloadEngine engine = WorkloadEngines.choose(choice, podman, workRoot);
        return new LocalRuntime(logRoot, settings, clock, scheduler, engine);
    }

    @Override
    public IsolationMode isolation() {
        return ctx.engine().isolation();
    }

    @Override
    public EngineInfo engine() {
        return ctx.engine().info();
    }

    @Override
    public void apply(LeaseId lease, Manifest manifest) {
        checkOpen();
        manifest.services().forEach(ctx.engine()::check);
        LeaseRuntime state = lease(lease);
        state.lock.lock();
        try {
            checkOpen();
            int wanted =
                    manifest.services().stream().mapToInt(ServiceSpec::count).sum();
            int elsewhere = leases.values().stream()
                    .filter(l -> l != state)
                    .mapToInt(LeaseRuntime::replicaCount)
                    .sum();
            if (elsewhere + wanted > ctx.settings().maxReplicas()) {
                throw new ProviderFullException("This provider runs at most "
                        + ctx.settings().maxReplicas()
                        + " replicas and has room for "
                        + Math.max(0, ctx.settings().maxReplicas() - elsewhere)
                        + "; the manifest asks for " + wanted + ". Lower the counts or deploy on another provider.");
            }
            Set<String> names =
                    manifest.services().stream().map(ServiceSpec::name).collect(Collectors.toSet());
            for (String name : List.copyOf(state.services.keySet())) {
                if (!names.contains(name)) {
                    stopAll(state.services.remove(name).replicas);
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

    @Override
    public void restart(LeaseId lease, String service, @Nullable Integer replica) {
        checkOpen();
        LeaseRuntime state = leases.get(lease);
        if (state == null) {
            throw new IllegalArgumentException("lease " + lease.path() + " runs nothing here");
        }
        state.lock.lock();
        try {
            if (replica == null) {
                rollOut(state, groupOf(state, lease, service).spec);
                return;
            }
            Replica old = replicaOf(state, lease, service, replica);
            var group = state.services.get(service);
            Replica next = start(state, group, group.spec, List.of(replica), "restart asked for")
                    .get(0);
            group.replicas.set(replica, next);
            stopAll(List.of(old));
        } finally {
            state.lock.unlock();
        }
    }

    /** The new replicas start before the old ones stop, so a service keeps serving through the change. */
    private void rollOut(LeaseRuntime state, ServiceSpec spec) {
        var group = state.services.computeIfAbsent(spec.name(), name -> new LeaseRuntime.ServiceGroup(spec));
        group.spec = spec;
        List<Integer> all = IntStream.range(0, spec.count()).boxed().toList();
        List<Replica> fresh = start(state, group, spec, all, "scheduled");
        List<Replica> old = List.copyOf(group.replicas);
        group.replicas.clear();
        group.replicas.addAll(fresh);
        stopAll(old);
    }

    /** Places and starts these replicas of a service, and waits (a bounded while) for each one's first attempt. */
    private List<Replica> start(
            LeaseRuntime state, LeaseRuntime.ServiceGroup group, ServiceSpec spec, List<Integer> indexes, String why) {
        List<Replica> fresh = new ArrayList<>();
        for (int i : indexes) {
            Placement placement = ctx.engine().place(state.id, spec, i, limits(spec));
            Replica next = new Replica(placement, state, ctx, group.health);
            state.event(spec.name(), i, "scheduled", why, null);
            next.start();
            fresh.add(next);
        }
        long deadline = System.nanoTime() + ROLLOUT_WAIT.toNanos();
        for (Replica next : fresh) {
            next.awaitFirstAttempt(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        return fresh;
    }

    private Placement.Limits limits(ServiceSpec spec) {
        var defaults = ctx.settings().replicaDefaults();
        ServiceSpec.Resources asked = spec.resources() == null ? ServiceSpec.Resources.DEFAULTS : spec.resources();
        return new Placement.Limits(
                asked.cpuMillis() != null ? asked.cpuMillis() : defaults.cpuMillis(),
                asked.memoryBytes() != null ? asked.memoryBytes() : defaults.memoryBytes(),
                asked.storageBytes() != null ? asked.storageBytes() : defaults.storageBytes(),
                defaults.pids());
    }

    /** Stops replicas side by side: each may take the stop timeout. */
    private void stopAll(List<Replica> replicas) {
        List<CompletableFuture<Void>> stops = replicas.stream()
                .map(r -> CompletableFuture.runAsync(r::stop, ctx.io()))
                .toList();
        for (CompletableFuture<Void> stop : stops) {
            try {
                stop.join();
            } catch (RuntimeException e) {
                log.warn("Stopping a replica failed", e);
            }
        }
    }

    /** Stops the lease's replicas and shells and removes everything it had: containers, network, volumes, files. */
    @Override
    public void stop(LeaseId lease) {
        LeaseRuntime state = leases.get(lease);
        if (state == null) {
            return;
        }
        state.lock.lock();
        try {
            state.shells.values().forEach(SharedShell::terminate);
            state.shells.clear();
            List<Replica> replicas = new ArrayList<>();
            state.services.values().forEach(group -> replicas.addAll(group.replicas));
            stopAll(replicas);
            state.services.clear();
            state.manifest = null;
            ctx.engine().closeLease(lease);
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
            List<ServiceStatus.ForwardedPort> ports =
                    replicas.stream().flatMap(r -> r.placement.ports().stream()).toList();
            List<String> uris = ports.stream()
                    .filter(p -> "tcp".equalsIgnoreCase(p.proto()))
                    .map(p -> "http://" + p.host() + ":" + p.externalPort())
                    .toList();
            Instant now = ctx.clock().instant();
            var health = group.health.snapshot(now.minus(ServiceStatus.RECENT));
            out.add(new ServiceStatus(
                    spec.name(),
                    spec.count(),
                    ready,
                    uris,
                    ports,
                    health.restarts(),
                    health.recentRestarts(),
                    health.firstRecentRestart(),
                    health.lastExitCode(),
                    health.lastExit(),
                    health.lastExitAt()));
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
        Replica first;
        state.lock.lock();
        try {
            first = replicaOf(state, lease, service, replica);
        } finally {
            state.lock.unlock();
        }
        // Outside the lease's lock: status and logs go on while a replica that was just deployed comes up.
        first.awaitRunning(Duration.ofSeconds(30));
        state.lock.lock();
        try {
            Replica target = replicaOf(state, lease, service, replica);
            SharedShell existing = SharedShell.running(state.shells, sessionId, service, replica);
            if (existing != null) {
                return existing;
            }
            List<String> program =
                    command == null || command.isEmpty() ? ctx.engine().defaultShell() : command;
            String marker = target.placement.marker() + "/shell/" + UUID.randomUUID();
            ProcessBuilder builder = ctx.engine().exec(target.placement, program, true, marker);
            builder.environment().put("TERM", "xterm-256color");
            SharedShell shell = SharedShell.over(
                    sessionId,
                    service,
                    replica,
                    Terminal.pty(builder, marker),
                    ctx.io(),
                    ctx.scheduler(),
                    ctx.settings().shellGrace(),
                    gone -> state.shells.remove(sessionId, gone));
            state.shells.put(sessionId, shell);
            return shell;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a shell in " + service + "-" + replica, e);
        } finally {
            state.lock.unlock();
        }
    }

    /** A service of the lease; the caller holds the lease's lock. */
    private static LeaseRuntime.ServiceGroup groupOf(LeaseRuntime state, LeaseId lease, String service) {
        var group = state.services.get(service);
        if (group == null) {
            throw new IllegalArgumentException("lease " + lease.path() + " has no service '" + service + "'");
        }
        return group;
    }

    /** The replica a shell or a file read is for; the caller holds the lease's lock. */
    private static Replica replicaOf(LeaseRuntime state, LeaseId lease, String service, int replica) {
        var group = groupOf(state, lease, service);
        if (replica < 0 || replica >= group.replicas.size()) {
            throw new IllegalArgumentException(
                    "service '" + service + "' has replicas 0 to " + (group.replicas.size() - 1) + ", not " + replica);
        }
        return group.replicas.get(replica);
    }

    @Override
    public InputStream readFile(LeaseId lease, String service, int replica, String path) {
        checkOpen();
        ReplicaFiles.checkPath(path);
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
        return ReplicaFiles.open(ctx.engine(), target.placement, service, replica, path);
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

    /**
     * Stops every lease, side by side (a container's removal takes a second or more, and a shutdown that outlasts its
     * host's patience leaves containers running), then the runtime's own threads. The scheduler belongs to the caller
     * and stays up.
     */
    @Override
    public void close() {
        closed = true;
        List<CompletableFuture<Void>> stops = List.copyOf(leases.keySet()).stream()
                .map(lease -> CompletableFuture.runAsync(() -> stop(lease), ctx.io())
                        .exceptionally(failure -> {
                            log.warn("Stopping lease {} failed", lease.path(), failure);
                            return null;
                        }))
                .toList();
        stops.forEach(CompletableFuture::join);
        leases.values().forEach(LeaseRuntime::closeLogFile);
        ctx.engine().close();
        ctx.io().shutdownNow();
    }

    /** As after kill -9 of the provider (tests): nothing of this runtime acts any more; what runs stays behind. */
    void abandon() {
        closed = true;
        ctx.io().shutdownNow();
    }

    /** PIDs of a service's current replica runs (the engine's client for containers), -1 where none runs (tests). */
    List<Long> pids(LeaseId lease, String service) {
        LeaseRuntime state = leases.get(lease);
        var group = state == null ? null : state.services.get(service);
        return group == null
                ? List.of()
                : group.replicas.stream().map(Replica::pid).toList();
    }

    /** The current placements of a service, replica order (tests). */
    List<Placement> placements(LeaseId lease, String service) {
        LeaseRuntime state = leases.get(lease);
        var group = state == null ? null : state.services.get(service);
        return group == null
                ? List.of()
                : group.replicas.stream().map(r -> r.placement).toList();
    }

    Path logFile(LeaseId lease) {
        return lease(lease).logFile();
    }

    private LeaseRuntime lease(LeaseId lease) {
        // The owner is part of the path: make sure no spelling of it leads out of the log root.
        Path dir = logRoot.resolve(lease.path()).normalize();
        if (!dir.startsWith(logRoot)
                || dir.equals(logRoot)
                || lease.owner().contains("..")
                || !lease.owner().matches("[A-Za-z0-9]{1,128}")) {
            throw new IllegalArgumentException("lease " + lease.path() + " is not a valid directory name");
        }
        return leases.computeIfAbsent(
                lease, id -> new LeaseRuntime(id, logRoot.resolve(id.path()), ctx.settings(), ctx.clock()));
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
