package dev.pier.deployment.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.base.StreamStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The health line of a terminal pane is announced to screen readers as it changes. */
class StreamHealthTest {

    @Test
    void the_health_line_is_a_live_region_and_offers_reconnect_once_ended() {
        StreamHealth health = new StreamHealth(e -> {});
        assertThat(health.badge.getElement().getAttribute("aria-live")).isEqualTo("polite");
        assertThat(health.badge.getElement().getAttribute("role")).isEqualTo("status");
        health.show(new StreamStatus(StreamStatus.State.CLOSED, "the provider stopped", Instant.EPOCH));
        assertThat(health.badge.getText()).isEqualTo("Ended: the provider stopped");
        assertThat(health.reconnect.isVisible()).isTrue();
    }
}
