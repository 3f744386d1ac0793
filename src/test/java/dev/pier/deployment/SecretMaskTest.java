package dev.pier.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.shared.LogLine;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretMaskTest {

    @Test
    void values_are_hidden_longest_first_and_short_ones_are_left_alone() {
        SecretMask mask = new SecretMask(List.of("hunter2", "hunter2-long", "abc"));
        assertThat(mask.text("a=hunter2-long b=hunter2 c=abc"))
                .isEqualTo("a=" + SecretMask.MASK + " b=" + SecretMask.MASK + " c=abc");
        LogLine line = new LogLine(3, Instant.EPOCH, "web", 0, "stdout", "token=hunter2");
        assertThat(mask.line(line).message()).isEqualTo("token=" + SecretMask.MASK);
        assertThat(mask.line(line).seq()).isEqualTo(3);
        LogLine plain = new LogLine(4, Instant.EPOCH, "web", 0, "stdout", "nothing");
        assertThat(mask.line(plain)).isSameAs(plain);
    }
}
