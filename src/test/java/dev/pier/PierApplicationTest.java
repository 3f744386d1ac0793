package dev.pier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PierApplicationTest {

    @Test
    void roles_come_from_the_command_line_with_console_and_provider_as_default() {
        assertThat(PierApplication.roles(new String[] {"--pier.roles=provider"})).containsExactly("provider");
        assertThat(PierApplication.roles(new String[] {"--pier.roles= console , provider"})).containsExactlyInAnyOrder("console", "provider");
        if (System.getenv("PIER_ROLES") == null) {
            assertThat(PierApplication.roles(new String[0])).containsExactlyInAnyOrder("console", "provider");
        }
    }
}
