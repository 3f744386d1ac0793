package dev.pier.providerapp.runtime;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * What one service's replicas went through: every restart (the recent ones with their times, so a crash loop shows as
 * one) and the last exit with its code and reason, for the status route.
 */
final class ServiceHealth {

    /** Restart times kept: enough to tell a loop from a crash now and then. */
    private static final int KEPT = 100;

    private final Deque<Instant> restartTimes = new ArrayDeque<>();
    private int restarts;
    private @Nullable Integer lastExitCode;
    private @Nullable String lastExit;
    private @Nullable Instant lastExitAt;

    synchronized void restarted(Instant at) {
        restarts++;
        restartTimes.addLast(at);
        if (restartTimes.size() > KEPT) {
            restartTimes.removeFirst();
        }
    }

    synchronized void exited(int code, String message, Instant at) {
        lastExitCode = code;
        lastExit = message;
        lastExitAt = at;
    }

    /** All restarts, then those at or after {@code since} and the first of them; the last exit. */
    synchronized Snapshot snapshot(Instant since) {
        int recent = 0;
        Instant firstRecent = null;
        for (Instant at : restartTimes) {
            if (!at.isBefore(since)) {
                recent++;
                if (firstRecent == null) {
                    firstRecent = at;
                }
            }
        }
        return new Snapshot(restarts, recent, firstRecent, lastExitCode, lastExit, lastExitAt);
    }

    record Snapshot(
            int restarts,
            int recentRestarts,
            @Nullable Instant firstRecentRestart,
            @Nullable Integer lastExitCode,
            @Nullable String lastExit,
            @Nullable Instant lastExitAt) {}
}
