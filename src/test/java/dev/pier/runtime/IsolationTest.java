package dev.pier.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a tenant's process can reach under bubblewrap. Skipped where bubblewrap does not work. */
class IsolationTest extends RuntimeTestSupport {

    static final LeaseId MINE = new LeaseId("akash1tenant", 1, 1, 1);
    static final LeaseId OTHER = new LeaseId("akash1neighbour", 2, 1, 1);
    static final String SECRET = "top-secret-master-key";

    @BeforeEach
    void requireBubblewrap() {
        assumeTrue(runtime().isolation() == IsolationMode.BUBBLEWRAP,
                "bubblewrap is missing or does not work here: the isolation tests need it");
    }

    @Test
    void a_replica_sees_neither_the_data_directory_nor_other_leases() throws Exception {
        // The work root lies inside the data directory, next to the master key, as in a real installation.
        var key = tmp.resolve("data/master.key");
        Files.createDirectories(key.getParent());
        Files.writeString(key, SECRET);
        runtime.apply(OTHER, manifest(service("db", 1, "sleep", "300")));
        var otherDir = runtime.workDir(OTHER).resolve("db-0");
        await("the neighbour's directory", Duration.ofSeconds(5), () -> Files.isDirectory(otherDir));

        String probe = String.join("; ",
                "cat " + key + " && echo KEY=read || echo KEY=denied",
                "ls " + otherDir + " && echo OTHER=visible || echo OTHER=hidden",
                // bwrap creates the mount point's parents as empty directories: only the path to the own dir shows.
                "echo DATA=$(ls " + tmp.resolve("data") + ")",
                "echo LEASES=$(ls " + tmp.resolve("data/work") + ")",
                "touch /usr/pier-probe 2>/dev/null && echo USR=writable || echo USR=readonly",
                "touch own-file && echo WORK=writable || echo WORK=readonly",
                "head -c 1 /etc/shadow >/dev/null 2>&1 && echo SHADOW=read || echo SHADOW=denied",
                "echo UID=$(id -u)",
                "sleep 300");
        runtime.apply(MINE, manifest(service("probe", 1, "sh", "-c", probe)));
        await("the probe's report", Duration.ofSeconds(10),
                () -> runtime.logs(MINE).tail(100, l -> l.message().startsWith("UID=")).size() == 1);

        List<String> lines = runtime.logs(MINE).readAfter(0, 100, l -> true).stream().map(LogLine::message).toList();
        assertThat(lines).contains("KEY=denied", "OTHER=hidden", "DATA=work", "LEASES=akash1tenant", "USR=readonly", "WORK=writable", "SHADOW=denied",
                "UID=1000");
        assertThat(lines).noneMatch(l -> l.contains(SECRET));
        assertThat(Files.exists(runtime.workDir(MINE).resolve("probe-0/own-file"))).isTrue();
    }

    @Test
    void a_shell_lives_in_its_own_pid_namespace() {
        runtime.apply(MINE, manifest(service("app", 1, "sleep", "300")));
        long provider = ProcessHandle.current().pid();
        ShellSession shell = runtime.shell(MINE, "app", 0, "s", List.of());
        var screen = new ShellTest.Screen();
        shell.attach(screen, screen.exit::complete);

        shell.write(("kill -0 " + provider + " 2>/dev/null && echo SIGNAL=sent || echo SIGNAL=refused\n").getBytes());
        screen.await(Pattern.compile("(?m)^SIGNAL=refused"));
        shell.write(("ls /proc | grep -qx " + provider + " && echo PROC=seen || echo PROC=absent\n").getBytes());
        screen.await(Pattern.compile("(?m)^PROC=absent"));
        shell.write("echo PIDS=$(ls /proc | grep -c '^[0-9]')\n".getBytes());
        // bwrap's init, the shell, and the commands of that line: a handful, not the host's processes.
        int pids = Integer.parseInt(screen.await(Pattern.compile("(?m)^PIDS=(\\d+)")));
        assertThat(pids).isLessThan(10);
        assertThat(screen.text()).doesNotContainPattern("(?m)^(SIGNAL=sent|PROC=seen)");
    }
}
