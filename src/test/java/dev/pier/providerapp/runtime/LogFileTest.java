package dev.pier.providerapp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.shared.LogLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileTest {

    @TempDir
    Path dir;

    @Test
    void writes_one_json_object_per_line_and_rotates_past_the_limit() throws Exception {
        var file = new LogFile(dir.resolve("owner/1.1.1"), 1_000);
        for (int i = 1; i <= 30; i++) {
            file.append(
                    new LogLine(i, Instant.parse("2025-01-01T00:00:00Z"), "web", 0, "stdout", "line \"" + i + "\""));
        }
        file.close();

        Path current = dir.resolve("owner/1.1.1/log.jsonl");
        Path rotated = dir.resolve("owner/1.1.1/log.1.jsonl");
        assertThat(Files.size(current)).isLessThanOrEqualTo(1_000);
        assertThat(Files.size(rotated)).isLessThanOrEqualTo(1_000);
        List<String> lines = Files.readAllLines(current);
        var last = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(last.get("seq").asLong()).isEqualTo(30);
        assertThat(last.get("message").asText()).isEqualTo("line \"30\"");
        assertThat(last.get("ts").asText()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(last.get("stream").asText()).isEqualTo("stdout");
        // The rotated file continues exactly where the current one starts: nothing lost at the seam.
        List<String> older = Files.readAllLines(rotated);
        long lastRotated = new ObjectMapper()
                .readTree(older.get(older.size() - 1))
                .get("seq")
                .asLong();
        long firstCurrent = new ObjectMapper().readTree(lines.get(0)).get("seq").asLong();
        assertThat(firstCurrent).isEqualTo(lastRotated + 1);
    }
}
