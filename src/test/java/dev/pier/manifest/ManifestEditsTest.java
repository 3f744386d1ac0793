package dev.pier.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.base.InvalidInputException;
import org.junit.jupiter.api.Test;

/** Scaling changes one value and keeps the rest of the manifest as written. */
class ManifestEditsTest {

    static final String MANIFEST = """
            version: "1"
            # the web tier
            services:
              web:
                command: ["sh", "-c", "echo hi; sleep 100"]   # keeps running
                count: 1
              worker:
                command: ["sh", "-c", "sleep 100"]
            """;

    @Test
    void a_count_is_changed_or_added_and_comments_quotes_and_order_stay() {
        String scaled = ManifestEdits.withCount(MANIFEST, "web", 3);
        Manifest parsed = ManifestParser.parse(scaled);
        assertThat(parsed.services()).extracting(ServiceSpec::name).containsExactly("web", "worker");
        assertThat(parsed.services().get(0).count()).isEqualTo(3);
        assertThat(parsed.services().get(0).command()).containsExactly("sh", "-c", "echo hi; sleep 100");
        assertThat(scaled).contains("# the web tier").contains("version: \"1\"");

        String added = ManifestEdits.withCount(MANIFEST, "worker", 2);
        assertThat(ManifestParser.parse(added).services().get(1).count()).isEqualTo(2);
        assertThat(ManifestParser.parse(added).services().get(0).count()).isEqualTo(1);
    }

    @Test
    void an_out_of_range_count_or_unknown_service_names_the_field() {
        assertThatThrownBy(() -> ManifestEdits.withCount(MANIFEST, "web", 0))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("count"));
        assertThatThrownBy(() -> ManifestEdits.withCount(MANIFEST, "web", 11)).hasMessageContaining("1 to 10");
        assertThatThrownBy(() -> ManifestEdits.withCount(MANIFEST, "db", 2))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("service"));
    }
}
