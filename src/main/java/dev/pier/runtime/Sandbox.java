package dev.pier.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps workload commands in bubblewrap: read-only system directories, one writable work directory, fresh /tmp,
 * /proc and /dev, an unprivileged uid in a user namespace and own PID and IPC namespaces. The network is shared on
 * purpose: exposed ports must be reachable. Everything else of the host (the data directory with the master key,
 * other leases' work directories) is simply not mounted.
 */
final class Sandbox {

    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
    static final Path DEFAULT_BWRAP = Path.of("/usr/bin/bwrap");
    /**
     * Host secrets under /etc. The provider runs as root, and the user namespace maps host root to the sandbox's
     * uid 1000, so root-only files in the read-only binds would be readable by the tenant. bwrap can only mount
     * over paths that exist, hence the check at start-up.
     */
    private static final List<String> MASKED_FILES = List.of("/etc/shadow", "/etc/shadow-", "/etc/gshadow",
            "/etc/gshadow-", "/etc/sudoers");
    private static final List<String> MASKED_DIRS = List.of("/etc/ssl/private", "/etc/sudoers.d");

    private final IsolationMode mode;
    private final String bwrap;

    private Sandbox(IsolationMode mode, String bwrap) {
        this.mode = mode;
        this.bwrap = bwrap;
    }

    static Sandbox none() {
        return new Sandbox(IsolationMode.NONE, null);
    }

    /** Bubblewrap if the binary exists and a sandbox with the real flags actually starts here; NONE otherwise. */
    static Sandbox detect(Path configured) {
        Path binary = configured != null ? configured : DEFAULT_BWRAP;
        if (!Files.isExecutable(binary)) {
            warnUnisolated(binary + " not found");
            return none();
        }
        var probe = new Sandbox(IsolationMode.BUBBLEWRAP, binary.toString());
        // The probe uses the same flags as the workloads: a bwrap that starts but cannot create user namespaces
        // (some containers) must count as missing.
        List<String> command = probe.commandLine(null, List.of("true"), true);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                warnUnisolated(binary + " did not finish a test run");
                return none();
            }
            String output = new String(process.getInputStream().readAllBytes()).trim();
            if (process.exitValue() != 0) {
                warnUnisolated(binary + " failed a test run (exit " + process.exitValue() + "): " + output);
                return none();
            }
        } catch (IOException e) {
            warnUnisolated(binary + " could not be started: " + e.getMessage());
            return none();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return none();
        }
        log.info("Workloads run under bubblewrap ({})", binary);
        return probe;
    }

    private static void warnUnisolated(String reason) {
        log.warn("Workloads run WITHOUT isolation ({}): every workload and shell can read what this process can read, "
                + "including the data directory and its master key. Install bubblewrap (apt-get install bubblewrap) "
                + "to isolate them.", reason);
    }

    IsolationMode mode() {
        return mode;
    }

    /**
     * The command line that runs {@code command} in {@code workDir}. {@code newSession} detaches it from any
     * controlling terminal (so it cannot push keystrokes into the provider's terminal); shells keep the PTY they were
     * given, or job control would not work.
     */
    List<String> commandLine(Path workDir, List<String> command, boolean newSession) {
        if (mode == IsolationMode.NONE) {
            return List.copyOf(command);
        }
        List<String> line = new ArrayList<>(List.of(bwrap,
                "--unshare-user", "--uid", "1000", "--gid", "1000",
                "--unshare-pid", "--unshare-ipc", "--die-with-parent",
                "--ro-bind", "/usr", "/usr",
                "--ro-bind", "/bin", "/bin",
                "--ro-bind", "/lib", "/lib",
                "--ro-bind-try", "/lib64", "/lib64",
                "--ro-bind-try", "/sbin", "/sbin",
                "--ro-bind", "/etc", "/etc"));
        MASKED_FILES.stream().filter(f -> Files.exists(Path.of(f)))
                .forEach(f -> line.addAll(List.of("--ro-bind", "/dev/null", f)));
        MASKED_DIRS.stream().filter(d -> Files.isDirectory(Path.of(d)))
                .forEach(d -> line.addAll(List.of("--tmpfs", d)));
        line.addAll(List.of(
                "--proc", "/proc",
                "--dev", "/dev",
                "--tmpfs", "/tmp"));
        if (newSession) {
            line.add("--new-session");
        }
        if (workDir != null) {
            String dir = workDir.toString();
            line.addAll(List.of("--bind", dir, dir, "--chdir", dir));
        }
        line.add("--");
        line.addAll(command);
        return line;
    }
}
