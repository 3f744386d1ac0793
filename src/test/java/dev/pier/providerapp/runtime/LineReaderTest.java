package dev.pier.providerapp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static List<String> lines(String text, int max) throws Exception {
        List<String> out = new ArrayList<>();
        LineReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max, out::add);
        return out;
    }

    @Test
    void splits_lines_and_drops_carriage_returns() throws Exception {
        assertThat(lines("a\r\nb\n\nlast", 100)).containsExactly("a", "b", "", "last");
    }

    @Test
    void long_lines_are_cut_at_character_boundaries() throws Exception {
        String text = "ééééé\n"; // two bytes each
        List<String> out = lines(text, 3);
        assertThat(String.join("", out)).isEqualTo("ééééé");
        assertThat(out)
                .allSatisfy(l ->
                        assertThat(l.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(3));
        assertThat(out).noneMatch(l -> l.contains("\uFFFD"));
    }
}
