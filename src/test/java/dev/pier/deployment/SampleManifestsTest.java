package dev.pier.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.manifest.ManifestParser;
import dev.pier.manifest.ServiceSpec;
import org.junit.jupiter.api.Test;

class SampleManifestsTest {

    @Test
    void every_sample_is_valid_and_runs_on_the_local_runtime() {
        assertThat(SampleManifests.ALL).isNotEmpty();
        SampleManifests.ALL.forEach((name, yaml) -> assertThat(
                        ManifestParser.parse(yaml).services())
                .as(name)
                .isNotEmpty()
                .allSatisfy((ServiceSpec s) ->
                        assertThat(s.command()).as(name + "/" + s.name()).isNotEmpty()));
    }

    @Test
    void samples_use_only_what_a_posix_shell_has() {
        // dash (/bin/sh) has no $RANDOM: a sample relying on it would print empty values.
        SampleManifests.ALL.forEach((name, yaml) -> assertThat(yaml).as(name).doesNotContain("$RANDOM"));
    }
}
