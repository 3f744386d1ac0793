package dev.pier.provider.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * Counts a stream's token rotations in a sliding window. More than the limit means something is wrong (a provider
 * rejecting every token, a broken clock): the stream then stops and says so instead of spinning.
 */
final class RotationTracker {

    private final Clock clock;
    private final Duration window;
    private final int limit;
    private final ArrayDeque<Instant> rotations = new ArrayDeque<>();

    RotationTracker(Clock clock, Duration window, int limit) {
        this.clock = clock;
        this.window = window;
        this.limit = limit;
    }

    /** Records a rotation if the window allows one more; false means the cap is reached. */
    synchronized boolean tryRotate() {
        Instant now = clock.instant();
        while (!rotations.isEmpty() && !rotations.peekFirst().isAfter(now.minus(window))) {
            rotations.removeFirst();
        }
        if (rotations.size() >= limit) {
            return false;
        }
        rotations.addLast(now);
        return true;
    }
}
