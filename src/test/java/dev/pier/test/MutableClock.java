package dev.pier.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock tests move by hand, so time-based logic is tested without sleeping. A test that needs real time to pass (a
 * browser session across token rotations) lets it run with {@link #runFromNow()}; {@link #set} stops it again.
 */
public class MutableClock extends Clock {

    /** Either a fixed instant, or the offset from the system clock while running. */
    private record Reading(Instant fixed, Duration offset) {}

    private final AtomicReference<Reading> now;

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(new Reading(start, null));
    }

    public void advance(Duration duration) {
        now.updateAndGet(r -> r.offset() == null
                ? new Reading(r.fixed().plus(duration), null)
                : new Reading(null, r.offset().plus(duration)));
    }

    public void set(Instant instant) {
        now.set(new Reading(instant, null));
    }

    /** From now on the clock follows real time (still movable with {@link #advance}). */
    public void runFromNow() {
        now.set(new Reading(null, Duration.ZERO));
    }

    @Override
    public Instant instant() {
        Reading r = now.get();
        return r.offset() == null ? r.fixed() : Instant.now().plus(r.offset());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
