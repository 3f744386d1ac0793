package dev.pier.deployment;

import dev.pier.shared.LeaseStatus;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * How a deployment is doing, in a few words for lists and headers: {@code ready} is "ready/total" over all services
 * ("—" when unknown or closed), {@code problem} says what is wrong ("web: Crash loop: 5 restarts in 2 min, last exit
 * 3"), empty when nothing is.
 */
public record Readiness(String ready, String problem) {

    static final Readiness UNKNOWN = new Readiness("—", "");

    /** The readiness of a status read at {@code seenAt} (crash loops are counted up to then). */
    public static Readiness of(LeaseStatus status, Instant seenAt) {
        String problem = status.crashLooping().stream()
                .map(s -> s.name() + ": " + s.crashLoopSummary(seenAt))
                .collect(Collectors.joining("; "));
        return new Readiness(status.ready() + "/" + status.total(), problem);
    }

    /** Every service ready and nothing wrong, or nothing known: there is nothing left to wait for. */
    public boolean settled() {
        int slash = ready.indexOf('/');
        return slash < 0 || (problem.isEmpty() && ready.substring(0, slash).equals(ready.substring(slash + 1)));
    }

    /** Whether a service keeps crashing. */
    public boolean crashLooping() {
        return !problem.isEmpty();
    }
}
