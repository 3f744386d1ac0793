package dev.pier.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.shared.LeaseEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Event texts say each thing once. */
class LogFormatTest {

    private static LeaseEvent event(String type, String message, Integer exitCode) {
        return new LeaseEvent(1, Instant.parse("2026-12-02T10:00:00Z"), "web", 0, type, message, exitCode);
    }

    @Test
    void timestamps_show_the_date_only_for_lines_of_another_day() {
        Instant at = Instant.parse("2026-12-02T10:00:00.250Z");
        assertThat(LogFormat.when(at, java.time.LocalDate.parse("2026-12-02"))).isEqualTo("10:00:00.250");
        assertThat(LogFormat.when(at, java.time.LocalDate.parse("2026-12-03"))).isEqualTo("2026-12-02 10:00:00.250");
        assertThat(LogFormat.terminal(event("started", "started", null), java.time.LocalDate.parse("2026-12-05")))
                .contains("2026-12-02 10:00:00.000");
        assertThat(LogFormat.terminal(event("started", "started", null), null)).doesNotContain("10:00");
        assertThat(LogFormat.plain(event("exited", "exited with code 3", 3)))
                .isEqualTo("2026-12-02T10:00:00Z web-0 exited with code 3");
    }

    @Test
    void an_event_does_not_repeat_its_type_or_its_exit_code() {
        assertThat(LogFormat.eventDetail(event("scheduled", "scheduled", null))).isEmpty();
        assertThat(LogFormat.eventDetail(event("exited", "exited with code 3", 3)))
                .isEqualTo(" with code 3");
        assertThat(LogFormat.eventDetail(event("exited", "out of memory (exit code 137)", 137)))
                .isEqualTo(" out of memory (exit code 137)");
        assertThat(LogFormat.eventDetail(event("exited", "", 2))).isEqualTo(" (exit code 2)");
        assertThat(LogFormat.eventDetail(event("failed", "could not start: no such image", null)))
                .isEqualTo(" could not start: no such image");
        assertThat(LogFormat.terminal(event("exited", "exited with code 3", 3), null))
                .doesNotContain("exited exited")
                .doesNotContain("(exit code 3)")
                .contains("with code 3");
    }
}
