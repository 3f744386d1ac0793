package dev.pier.providerapp.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Ends processes together with everything they started. Each process the runtime starts carries a marker variable
 * ({@value #MARKER}) that its descendants inherit, so strays that left the tree (re-parented daemons, or a sandbox
 * child forked while its parent was being killed) are found too.
 */
final class ProcessTrees {

    static final String MARKER = "PIER_PROCESS";
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private ProcessTrees() {}

    /**
     * SIGTERM to the roots and all their descendants, SIGKILL to whatever is left after {@code grace} (a zero grace
     * kills at once), and returns once none of them is alive (or after a bounded wait for the kernel).
     */
    static void kill(Collection<ProcessHandle> roots, Duration grace, Collection<String> markers) {
        Set<ProcessHandle> all = withDescendants(roots);
        boolean exited = false;
        if (!grace.isZero()) {
            all.forEach(ProcessHandle::destroy);
            exited = awaitExit(all, grace);
        }
        if (!exited) {
            // Processes forked meanwhile are found again from the roots that are still alive.
            all.addAll(withDescendants(roots));
            all.forEach(ProcessHandle::destroyForcibly);
            awaitExit(all, KILL_WAIT);
        }
        List<ProcessHandle> strays = marked(markers);
        if (!strays.isEmpty()) {
            strays.forEach(ProcessHandle::destroyForcibly);
            awaitExit(strays, KILL_WAIT);
        }
    }

    /** Live processes whose environment holds one of the markers (Linux /proc, readable for our own processes). */
    static List<ProcessHandle> marked(Collection<String> markers) {
        if (markers.isEmpty()) {
            return List.of();
        }
        List<byte[]> needles = markers.stream()
                .map(m -> (MARKER + "=" + m + "\0").getBytes(StandardCharsets.UTF_8))
                .toList();
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> found = new ArrayList<>();
        ProcessHandle.allProcesses().filter(p -> p.pid() != self && !isGone(p)).forEach(p -> {
            byte[] environ;
            try {
                environ = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ"));
            } catch (IOException | RuntimeException e) {
                return;
            }
            if (needles.stream().anyMatch(n -> indexOf(environ, n) >= 0)) {
                found.add(p);
            }
        });
        return found;
    }

    /** Live processes whose marker starts with {@code prefix}: strays of an earlier run of the same runtime. */
    static List<ProcessHandle> markedWithPrefix(String prefix) {
        byte[] needle = (MARKER + "=" + prefix).getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> found = new ArrayList<>();
        ProcessHandle.allProcesses().filter(p -> p.pid() != self && !isGone(p)).forEach(p -> {
            try {
                if (indexOf(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ")), needle) >= 0) {
                    found.add(p);
                }
            } catch (IOException | RuntimeException e) {
                // Gone meanwhile, or not ours to read.
            }
        });
        return found;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            // Variables start the block or follow a NUL, so a marker cannot match inside another variable's value.
            if (i > 0 && haystack[i - 1] != 0) {
                continue;
            }
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
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
