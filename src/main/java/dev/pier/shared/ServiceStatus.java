package dev.pier.shared;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One service of a lease as its status route reports it (Akash names the ports {@code forwarded_ports}). Beyond Akash's
 * fields: {@code recentRestarts} counts restarts within {@link #RECENT} before the answer ({@code recentSince} is the
 * first of them), and {@code lastExitCode}/{@code lastExit}/{@code lastExitAt} describe the last time a replica ended
 * (null when none has). A provider that does not send them leaves them 0 or null.
 */
public record ServiceStatus(
        String name,
        int total,
        int ready,
        List<String> uris,
        @JsonProperty("forwarded_ports") List<ForwardedPort> forwardedPorts,
        int restarts,
        @JsonProperty("recent_restarts") int recentRestarts,
        @JsonProperty("recent_since") @Nullable Instant recentSince,
        @JsonProperty("last_exit_code") @Nullable Integer lastExitCode,
        @JsonProperty("last_exit") @Nullable String lastExit,
        @JsonProperty("last_exit_at") @Nullable Instant lastExitAt) {

    /** The window recent restarts are counted over. */
    public static final Duration RECENT = Duration.ofMinutes(10);

    /** Restarts that make a crash loop: this many within {@link #RECENT}. */
    public static final int CRASH_LOOP_RESTARTS = 3;

    /** A service without the crash details (older providers, tests). */
    public ServiceStatus(
            String name, int total, int ready, List<String> uris, List<ForwardedPort> forwardedPorts, int restarts) {
        this(name, total, ready, uris, forwardedPorts, restarts, 0, null, null, null, null);
    }

    /** Whether its replicas keep ending and being restarted. */
    public boolean crashLooping() {
        return recentRestarts >= CRASH_LOOP_RESTARTS;
    }

    /**
     * For people: "Crash loop: 5 restarts in 2 min, last exit 3", or empty when the service is not looping.
     *
     * @param now the time the status was read, to say over how long the restarts happened
     */
    public String crashLoopSummary(Instant now) {
        if (!crashLooping()) {
            return "";
        }
        long minutes = recentSince == null
                ? RECENT.toMinutes()
                : Math.max(1, (Duration.between(recentSince, now).toSeconds() + 59) / 60);
        return "Crash loop: " + recentRestarts + " restarts in " + minutes + " min"
                + (lastExitCode == null ? "" : ", last exit " + lastExitCode);
    }

    /** An exposed port and where the runtime made it reachable. */
    public record ForwardedPort(int port, int externalPort, String proto, String host) {}
}
