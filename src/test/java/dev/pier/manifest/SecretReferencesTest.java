package dev.pier.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretReferencesTest {

    static final String MANIFEST = """
            version: "1"
            services:
              web:
                command: ["sleep", "300"]
                env:
                  - TOKEN=${secret:api-token}
                  - URL=postgres://app:${secret:db_password}@db/app
                  - PLAIN=no reference here
            """;

    @Test
    void references_are_found_and_resolved_while_the_text_keeps_them() {
        Manifest manifest = ManifestParser.parse(MANIFEST);
        assertThat(SecretReferences.names(manifest)).containsExactly("api-token", "db_password");

        Manifest resolved = SecretReferences.resolve(manifest, Map.of("api-token", "t0ken$1\\x", "db_password", "pw"));
        Map<String, String> env = resolved.service("web").orElseThrow().env();
        // Replacement text is taken literally: '$' and '\' in a value are not group references.
        assertThat(env).containsEntry("TOKEN", "t0ken$1\\x").containsEntry("URL", "postgres://app:pw@db/app");
        assertThat(env).containsEntry("PLAIN", "no reference here");
        assertThat(resolved.yaml()).isEqualTo(MANIFEST).doesNotContain("t0ken");
    }

    @Test
    void a_missing_secret_is_named_by_its_variable() {
        Manifest manifest = ManifestParser.parse(MANIFEST);
        assertThat(SecretReferences.unknown(manifest, Set.of("api-token")))
                .containsExactly("services.web.env.URL refers to the secret 'db_password'");
        assertThatThrownBy(() -> SecretReferences.resolve(manifest, Map.of()))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("services.web.env.TOKEN refers to the secret 'api-token'");
    }

    @Test
    void a_malformed_reference_is_an_error_at_its_line() {
        assertThatThrownBy(() -> ManifestParser.parse(MANIFEST.replace("api-token", "has space")))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("line 6")
                .hasMessageContaining("'has space' is not a secret name");
        assertThatThrownBy(() -> ManifestParser.parse(MANIFEST.replace("${secret:api-token}", "${secret:open")))
                .hasMessageContaining("line 6")
                .hasMessageContaining("no closing '}'");
    }
}
