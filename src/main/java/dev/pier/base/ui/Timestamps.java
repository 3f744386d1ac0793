package dev.pier.base.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How views show points in time: absolute in UTC, or relative ("3 min ago", "in 29 days"). */
public final class Timestamps {

    private static final DateTimeFormatter ABSOLUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Timestamps() {}

    public static String absolute(Instant instant) {
        return instant == null ? "" : ABSOLUTE.format(instant);
    }

    public static String relative(Instant instant, Clock clock) {
        if (instant == null) {
            return "";
        }
        Duration d = Duration.between(clock.instant(), instant);
        boolean future = !d.isNegative();
        Duration a = d.abs();
        String amount;
        if (a.toMinutes() < 1) {
            return future ? "in a moment" : "just now";
        } else if (a.toHours() < 1) {
            amount = a.toMinutes() + " min";
        } else if (a.toDays() < 2) {
            amount = a.toHours() + " h";
        } else {
            amount = a.toDays() + " days";
        }
        return future ? "in " + amount : amount + " ago";
    }
}
