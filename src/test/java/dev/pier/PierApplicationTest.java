package dev.pier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.base.PierProperties;
import dev.pier.base.PierProperties.Role;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;

class PierApplicationTest {

    @Test
    void roles_come_from_the_command_line_with_console_and_provider_as_default() {
        assertThat(PierProperties.of("--pier.roles=provider").roles()).containsExactly(Role.PROVIDER);
        assertThat(PierProperties.of("--pier.roles=console,provider").roles())
                .containsExactlyInAnyOrder(Role.CONSOLE, Role.PROVIDER);
        if (System.getenv("PIER_ROLES") == null) {
            assertThat(PierProperties.of().roles()).containsExactlyInAnyOrder(Role.CONSOLE, Role.PROVIDER);
            assertThat(PierProperties.of().providerPort()).isEqualTo(8081);
        }
    }

    @Test
    void an_unknown_role_is_refused_with_the_setting_named() {
        assertThatThrownBy(() -> PierProperties.of("--pier.roles=consol"))
                .isInstanceOf(BindException.class)
                .hasMessageContaining("pier.roles");
    }
}
