package dev.pier.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class ManifestParserTest {

    static final String VALID = """
            version: "1"
            services:
              web:
                image: nginx:1.25
                command: ["sh", "-c"]
                args: ["echo hello; sleep 1000"]
                env:
                  - GREETING=hello world
                  - EMPTY=
                expose:
                  - port: 8080
                    as: 80
                count: 2
              worker:
                command: ["sleep", "1000"]
            """;

    private static ManifestError onlyError(String yaml) {
        try {
            ManifestParser.parse(yaml);
        } catch (InvalidManifestException e) {
            assertThat(e.errors()).hasSize(1);
            return e.errors().get(0);
        }
        throw new AssertionError("expected the manifest to be refused");
    }

    @Test
    void a_valid_manifest_is_read_whole() {
        Manifest manifest = ManifestParser.parse(VALID);
        assertThat(manifest.services()).extracting(ServiceSpec::name).containsExactly("web", "worker");
        ServiceSpec web = manifest.service("web").orElseThrow();
        assertThat(web.command()).containsExactly("sh", "-c");
        assertThat(web.args()).containsExactly("echo hello; sleep 1000");
        assertThat(web.env()).containsEntry("GREETING", "hello world").containsEntry("EMPTY", "");
        assertThat(web.expose()).containsExactly(new ServiceSpec.Expose(8080, 80, "tcp"));
        assertThat(web.count()).isEqualTo(2);
        assertThat(manifest.service("worker").orElseThrow().count()).isEqualTo(1);
        assertThat(manifest.yaml()).isEqualTo(VALID);
    }

    @Test
    void an_unknown_key_is_named_with_its_position() {
        ManifestError error = onlyError("""
                version: "1"
                services:
                  web:
                    command: ["true"]
                    replicas: 3
                """);
        assertThat(error.line()).isEqualTo(5);
        assertThat(error.column()).isEqualTo(5);
        assertThat(error.message()).contains("Unknown key 'replicas'").contains("count");
        assertThat(error.toString()).startsWith("line 5, column 5 (services.web.replicas)");
    }

    @Test
    void bad_service_names_are_refused() {
        ManifestError error = onlyError("version: \"1\"\nservices:\n  Web_1:\n    command: [\"true\"]\n");
        assertThat(error.line()).isEqualTo(3);
        assertThat(error.message()).contains("lowercase");
    }

    @Test
    void bad_ports_are_refused() {
        ManifestError error = onlyError(
                "version: \"1\"\nservices:\n  web:\n    command: [\"true\"]\n    expose:\n      - port: 70000\n");
        assertThat(error.line()).isEqualTo(6);
        assertThat(error.column()).isEqualTo(15);
        assertThat(error.message()).contains("1 to 65535");
        assertThat(onlyError("version: \"1\"\nservices:\n  web:\n    command: [\"true\"]\n    expose:\n      "
                                + "- port: http\n")
                        .message())
                .contains("whole number");
    }

    @Test
    void duplicate_services_are_refused_at_the_second_one() {
        ManifestError error = onlyError("""
                version: "1"
                services:
                  web:
                    command: ["true"]
                  web:
                    command: ["false"]
                """);
        assertThat(error.line()).isEqualTo(5);
        assertThat(error.message()).contains("duplicate key web");
        assertThat(error.column()).isEqualTo(3);
    }

    @Test
    void duplicate_variables_and_ports_are_refused() {
        InvalidManifestException e = (InvalidManifestException) catchThrowable("""
                version: "1"
                services:
                  web:
                    command: ["true"]
                    env: ["A=1", "A=2", "not a variable"]
                    expose:
                      - port: 80
                      - port: 80
                """);
        assertThat(e.errors())
                .extracting(ManifestError::message)
                .anySatisfy(m -> assertThat(m).contains("A is set twice"))
                .anySatisfy(m -> assertThat(m).contains("NAME=value"))
                .anySatisfy(m -> assertThat(m).contains("exposed twice"));
    }

    @Test
    void every_error_is_reported_at_once() {
        InvalidManifestException e = (InvalidManifestException) catchThrowable("""
                version: "2"
                services:
                  web:
                    count: 0
                    colour: blue
                """);
        assertThat(e.errors()).hasSize(3);
        assertThat(e.errors()).extracting(ManifestError::line).containsExactly(1, 4, 5);
    }

    @Test
    void broken_yaml_and_wrong_shapes_are_refused_with_a_position() {
        ManifestError error = onlyError("version: \"1\"\nservices:\n  web:\n    command: [\"true\"\n");
        assertThat(error.message()).startsWith("Not valid YAML");
        assertThat(error.line()).isGreaterThanOrEqualTo(4);
        assertThat(onlyError("- just\n- a list\n").message()).contains("must be a map");
        assertThat(onlyError("").message()).contains("empty");
        assertThat(onlyError("version: \"1\"\nservices: {}\n").message()).contains("at least one service");
        // A service that names nothing runs the provider's default image with that image's own command.
        assertThat(ManifestParser.parse("version: \"1\"\nservices:\n  web: {}\n")
                        .services()
                        .get(0)
                        .image())
                .isNull();
    }

    @Test
    void an_oversized_manifest_is_refused_before_parsing() {
        String big =
                "version: \"1\"\nservices:\n  web:\n    command: [\"true\"]\n#" + "x".repeat(ManifestParser.MAX_BYTES);
        assertThat(onlyError(big).message()).contains("larger than 1 MiB");
    }

    @Test
    void alias_bombs_are_refused() {
        String bomb = "a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n"
                + "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: "
                + "[*c,*c,*c,*c,*c,*c,*c,*c,*c]\n";
        assertThatThrownBy(() -> ManifestParser.parse(bomb)).isInstanceOf(InvalidManifestException.class);
    }

    @Test
    void resources_are_read_in_the_short_and_in_the_akash_form() {
        Manifest manifest = ManifestParser.parse("""
                version: "1"
                services:
                  a:
                    image: busybox:1.36
                    resources: {cpu: 0.5, memory: 512Mi, storage: 1Gi}
                  b:
                    image: busybox:1.36
                    resources:
                      cpu: {units: 250m}
                      memory: {size: 1G}
                """);
        assertThat(manifest.services().get(0).resources())
                .isEqualTo(new ServiceSpec.Resources(500L, 512L << 20, 1L << 30));
        assertThat(manifest.services().get(1).resources())
                .isEqualTo(new ServiceSpec.Resources(250L, 1_000_000_000L, null));
    }

    @Test
    void bad_or_excessive_resources_are_refused_with_their_line_and_the_providers_maxima() {
        ManifestError unit =
                onlyError("version: \"1\"\nservices:\n  a:\n    image: x\n    resources: {memory: 512 bananas}\n");
        assertThat(unit.line()).isEqualTo(5);
        assertThat(unit.path()).isEqualTo("services.a.resources.memory");
        assertThat(unit.message()).contains("512Mi");
        ManifestError zero = onlyError("version: \"1\"\nservices:\n  a:\n    image: x\n    resources:\n      cpu: 0\n");
        assertThat(zero.line()).isEqualTo(6);
        var limits = new ManifestLimits(1000, 1L << 30, 6L << 20, 2L << 30, 16L << 20, 4);
        assertThatThrownBy(() -> ManifestParser.parse(
                        "version: \"1\"\nservices:\n  a:\n    image: x\n    count: 5\n    resources:\n      "
                                + "memory: 8Gi\n",
                        limits))
                .isInstanceOfSatisfying(
                        InvalidManifestException.class,
                        e -> assertThat(e.errors())
                                .extracting(ManifestError::path, ManifestError::line)
                                .containsExactly(
                                        Tuple.tuple("services", 2), Tuple.tuple("services.a.resources.memory", 7)))
                .hasMessageContaining("between 6Mi and 1Gi")
                .hasMessageContaining("at most 4");
    }

    @Test
    void scalar_aliases_that_expand_past_the_limit_are_refused() {
        // 20 KB of YAML whose aliases name ~100 MB of argv, as the attack did.
        String big = "x".repeat(10_000);
        StringBuilder yaml = new StringBuilder("version: \"1\"\nservices:\n  a:\n    image: busybox\n    env: [A=1]\n"
                + "    args: [&big " + big + ", ");
        yaml.append("*big, ".repeat(200)).append("*big]\n");
        ManifestError error = onlyError(yaml.toString());
        assertThat(error.message()).contains("aliases are expanded");
    }

    @Test
    void too_many_services_and_multi_line_variables_are_refused() {
        StringBuilder yaml = new StringBuilder("version: \"1\"\nservices:\n");
        for (int i = 0; i < ManifestParser.MAX_SERVICES + 1; i++) {
            yaml.append("  s").append(i).append(":\n    image: busybox\n");
        }
        assertThat(onlyError(yaml.toString()).message())
                .contains("at most " + ManifestParser.MAX_SERVICES + " services");
        ManifestError newline =
                onlyError("version: \"1\"\nservices:\n  a:\n    image: x\n    env: [\"A=one\\ntwo\"]\n");
        assertThat(newline.message()).contains("line breaks");
        ManifestError image = onlyError("version: \"1\"\nservices:\n  a:\n    image: \"--privileged\"\n");
        assertThat(image.path()).isEqualTo("services.a.image");
    }

    private static Throwable catchThrowable(String yaml) {
        try {
            ManifestParser.parse(yaml);
        } catch (InvalidManifestException e) {
            return e;
        }
        throw new AssertionError("expected the manifest to be refused: " + List.of(yaml));
    }
}
