package dev.pier.deployment;

import dev.pier.shared.LeaseEvent;
import dev.pier.shared.LogLine;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/**
 * How log lines and events read, everywhere they are shown: as plain text in a download ({@code ts service-replica
 * stream message}) and with ANSI colours in a terminal pane.
 */
public final class LogFormat {

    private static final String DIM = "\u001b[2m";
    private static final String CYAN = "\u001b[36m";
    private static final String BOLD = "\u001b[1m";
    private static final String RED = "\u001b[31m";
    private static final String NOTE = "\u001b[1;33m";
    private static final String RESET = "\u001b[0m";
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private LogFormat() {}

    /** One line of a downloaded log, with the full timestamp. */
    public static String plain(LogLine line) {
        return line.ts() + " " + source(line.service(), line.replica()) + " " + line.stream() + " " + line.message();
    }

    /**
     * A log line for a terminal pane: stderr in red, the provider's own notes (an exit code) highlighted.
     *
     * @param today the reader's date (UTC) when timestamps are shown, null for none: a line from another day shows its
     *     date too
     */
    public static String terminal(LogLine line, @Nullable LocalDate today) {
        String prefix = prefix(line.ts(), line.service(), line.replica(), today);
        return switch (line.stream()) {
            case "system" -> prefix + NOTE + "── " + line.message() + " ──" + RESET;
            case "stderr" -> prefix + RED + line.message() + RESET;
            default -> prefix + line.message();
        };
    }

    /** A lifecycle event for a terminal pane: its type in bold, the exit code when there is one. */
    public static String terminal(LeaseEvent event, @Nullable LocalDate today) {
        return prefix(event.ts(), event.service(), event.replica(), today)
                + BOLD
                + event.type()
                + RESET
                + eventDetail(event);
    }

    /**
     * What an event adds to its type, said once: a message that repeats the type ("exited with code 3" after "exited")
     * loses the repeated word, and the exit code is added only when the message does not give it already.
     */
    public static String eventDetail(LeaseEvent event) {
        String message = event.message() == null ? "" : event.message().strip();
        if (message.equalsIgnoreCase(event.type())) {
            message = "";
        } else if (message.regionMatches(
                true, 0, event.type() + " ", 0, event.type().length() + 1)) {
            message = message.substring(event.type().length() + 1);
        }
        Integer code = event.exitCode();
        if (code != null && !message.matches("(?s).*\\bcode " + code + "\\b.*")) {
            message = (message + " (exit code " + code + ")").strip();
        }
        return message.isEmpty() ? "" : " " + message;
    }

    /** An event as a line of a download: full timestamp, source, type and what it adds. */
    public static String plain(LeaseEvent event) {
        return event.ts() + " " + source(event.service(), event.replica()) + " " + event.type() + eventDetail(event);
    }

    /**
     * Time of day in UTC with milliseconds, the date before it when it is not {@code today}: on screen the date is the
     * same for nearly every line, and only then left out.
     */
    public static String when(Instant timestamp, LocalDate today) {
        if (timestamp == null) {
            return "";
        }
        boolean sameDay = LocalDate.ofInstant(timestamp, ZoneOffset.UTC).equals(today);
        return (sameDay ? "" : DATE.format(timestamp) + " ") + TIME.format(timestamp);
    }

    private static String prefix(Instant ts, String service, int replica, @Nullable LocalDate today) {
        String when = today != null ? DIM + when(ts, today) + RESET + " " : "";
        return when + CYAN + source(service, replica) + RESET + " ";
    }

    private static String source(String service, int replica) {
        return service + "-" + replica;
    }
}
