package dev.pier.deployment;

import dev.pier.shared.LeaseEvent;
import dev.pier.shared.LogLine;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Hides a deployment's secret values in the log lines and events people see and download: a program that prints its
 * environment would otherwise show them. Values shorter than {@link #SHORTEST} are left alone, as they would hide
 * ordinary words; a value split across two lines is not recognised.
 */
public final class SecretMask {

    public static final String MASK = "••••••";
    static final int SHORTEST = 4;
    static final SecretMask NONE = new SecretMask(List.of());

    /** Longest first, so a value containing another is hidden whole. */
    private final List<String> values;

    SecretMask(Collection<String> values) {
        this.values = values.stream()
                .filter(v -> v.length() >= SHORTEST)
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    public String text(String text) {
        String masked = text;
        for (String value : values) {
            if (masked.contains(value)) {
                masked = masked.replace(value, MASK);
            }
        }
        return masked;
    }

    public LogLine line(LogLine line) {
        String message = text(line.message());
        return message.equals(line.message())
                ? line
                : new LogLine(line.seq(), line.ts(), line.service(), line.replica(), line.stream(), message);
    }

    public LeaseEvent event(LeaseEvent event) {
        String message = text(event.message());
        return message.equals(event.message())
                ? event
                : new LeaseEvent(
                        event.seq(),
                        event.ts(),
                        event.service(),
                        event.replica(),
                        event.type(),
                        message,
                        event.exitCode());
    }
}
