package dev.pier.providerapp.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import dev.pier.base.OwnerOnlyFiles;
import dev.pier.shared.LogLine;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease's log lines on disk, one JSON object per line, in {@code log.jsonl}; past the size limit the file becomes
 * {@code log.1.jsonl} (replacing the previous one) and a new one is started. Writes are unbuffered so the file is
 * current for anyone tailing it, and a failing disk costs the file, never the in-memory log.
 */
final class LogFile implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LogFile.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;
    private final Path rotated;
    private final long maxBytes;
    private OutputStream out;
    private long size;
    private boolean failed;

    LogFile(Path directory, long maxBytes) {
        this.file = directory.resolve("log.jsonl");
        this.rotated = directory.resolve("log.1.jsonl");
        this.maxBytes = maxBytes;
        try {
            OwnerOnlyFiles.directory(directory);
            open();
        } catch (IOException e) {
            fail(e);
        }
    }

    Path path() {
        return file;
    }

    /**
     * The last {@code max} lines written by an earlier run (rotated file first), so a restarted provider continues the
     * lease's seq instead of starting again at 1: readers resuming with {@code after} must see no gap and no duplicate.
     */
    static List<LogLine> readBack(Path directory, int max) {
        ArrayDeque<LogLine> last = new ArrayDeque<>();
        for (Path path : List.of(directory.resolve("log.1.jsonl"), directory.resolve("log.jsonl"))) {
            if (!Files.exists(path)) {
                continue;
            }
            try (var lines = Files.lines(path, StandardCharsets.UTF_8)) {
                lines.forEach(text -> {
                    LogLine line = fromJson(text);
                    if (line != null
                            && (last.isEmpty() || line.seq() == last.peekLast().seq() + 1)) {
                        last.addLast(line);
                        if (last.size() > max) {
                            last.removeFirst();
                        }
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                log.warn("Could not read back {}; numbering continues from what was read", path, e);
            }
        }
        return List.copyOf(last);
    }

    private static LogLine fromJson(String text) {
        try (var parser = JSON.createParser(text)) {
            long seq = 0;
            int replica = 0;
            String ts = null;
            String service = null;
            String stream = null;
            String message = null;
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                switch (name) {
                    case "seq" -> seq = parser.getLongValue();
                    case "replica" -> replica = parser.getIntValue();
                    case "ts" -> ts = parser.getText();
                    case "service" -> service = parser.getText();
                    case "stream" -> stream = parser.getText();
                    case "message" -> message = parser.getText();
                    default -> parser.skipChildren();
                }
            }
            return seq > 0 && ts != null
                    ? new LogLine(seq, Instant.parse(ts), service, replica, stream, message)
                    : null;
        } catch (IOException | RuntimeException e) {
            // A line cut short by a crash: skip it.
            return null;
        }
    }

    synchronized void append(LogLine line) {
        if (failed) {
            return;
        }
        byte[] bytes = (toJson(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (size > 0 && size + bytes.length > maxBytes) {
                out.close();
                Files.move(file, rotated, StandardCopyOption.REPLACE_EXISTING);
                open();
            }
            out.write(bytes);
            size += bytes.length;
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                log.debug("Closing {} failed", file, e);
            }
        }
        failed = true;
    }

    static String toJson(LogLine line) {
        var text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeNumberField("seq", line.seq());
            json.writeStringField("ts", line.ts().toString());
            json.writeStringField("service", line.service());
            json.writeNumberField("replica", line.replica());
            json.writeStringField("stream", line.stream());
            json.writeStringField("message", line.message());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private void open() throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file, OwnerOnlyFiles.FILE);
        }
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    private void fail(IOException e) {
        failed = true;
        log.warn("Cannot write the log file {}; lines are kept in memory only", file, e);
    }
}
