package dev.pier.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Ends processes together with everything they started, and finds strays by their working directory. */
final class ProcessTrees {

    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private ProcessTrees() {
    }

    /**
     * SIGTERM to the roots and all their descendants, SIGKILL to whatever is left after {@code grace} (a zero grace
     * kills at once), and returns once none of them is alive (or after a bounded wait for the kernel).
     */
    static void kill(Collection<ProcessHandle> roots, Duration grace) {
        Set<ProcessHandle> all = withDescendants(roots);
        if (!grace.isZero()) {
            all.forEach(ProcessHandle::destroy);
            if (awaitExit(all, grace)) {
                return;
            }
        }
        // Processes forked meanwhile are found again from the roots that are still alive.
        all.addAll(withDescendants(roots));
        all.forEach(ProcessHandle::destroyForcibly);
        awaitExit(all, KILL_WAIT);
    }

    /**
     * Dead, or a zombie: a sandbox's inner process whose parent was killed first is re-parented to the system's init,
     * which may take a second to reap it, and the JDK counts it as alive until then.
     */
    static boolean isGone(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // The state follows the command name in parentheses, which may itself contain spaces or parentheses.
            int end = stat.lastIndexOf(')');
            return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
        } catch (IOException | UnsupportedOperationException e) {
            return !process.isAlive();
        }
    }

    /** Processes whose working directory or command line lies under {@code dir} (Linux /proc; empty elsewhere). */
    static List<ProcessHandle> under(Path dir) {
        String prefix = dir.toAbsolutePath().normalize().toString();
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> found = new ArrayList<>();
        ProcessHandle.allProcesses().filter(p -> p.pid() != self).forEach(p -> {
            if (cwd(p).map(c -> c.equals(prefix) || c.startsWith(prefix + "/")).orElse(false)
                    || p.info().commandLine().map(c -> c.contains(prefix)).orElse(false)) {
                found.add(p);
            }
        });
        return found;
    }

    static Optional<String> cwd(ProcessHandle process) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd")).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static Set<ProcessHandle> withDescendants(Collection<ProcessHandle> roots) {
        Set<ProcessHandle> all = new LinkedHashSet<>();
        for (ProcessHandle root : roots) {
            all.add(root);
            root.descendants().forEach(all::add);
        }
        return all;
    }

    /**
     * Polls rather than using {@link ProcessHandle#onExit()}: for processes that are not our children the JDK checks
     * with growing pauses, which made every stop take over a second.
     */
    private static boolean awaitExit(Collection<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ProcessHandle> left = new ArrayList<>(processes);
        while (true) {
            left.removeIf(ProcessTrees::isGone);
            if (left.isEmpty()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
