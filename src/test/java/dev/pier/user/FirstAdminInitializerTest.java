package dev.pier.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class FirstAdminInitializerTest {

    private final UserService users = mock(UserService.class);

    @Test
    void without_a_configured_password_a_random_one_is_printed_once(CapturedOutput output) {
        when(users.createFirstAdminIfNone(eq("admin"), anyString())).thenReturn(true);
        new FirstAdminInitializer(users, new AdminBootstrapProperties("admin", "")).run();

        ArgumentCaptor<String> password = ArgumentCaptor.forClass(String.class);
        verify(users).createFirstAdminIfNone(eq("admin"), password.capture());
        assertThat(password.getValue()).hasSizeGreaterThanOrEqualTo(UserService.MIN_PASSWORD_LENGTH);
        assertThat(output.getOut()).containsOnlyOnce(password.getValue()).contains("shown only now");
    }

    @Test
    void a_configured_password_is_used_and_never_printed(CapturedOutput output) {
        when(users.createFirstAdminIfNone("admin", "configured-password")).thenReturn(true);
        new FirstAdminInitializer(users, new AdminBootstrapProperties("admin", "configured-password")).run();

        verify(users).createFirstAdminIfNone("admin", "configured-password");
        assertThat(output.getOut()).doesNotContain("configured-password").contains("PIER_ADMIN_PASSWORD");
    }

    @Test
    void an_existing_installation_prints_nothing(CapturedOutput output) {
        when(users.createFirstAdminIfNone(eq("admin"), anyString())).thenReturn(false);
        new FirstAdminInitializer(users, new AdminBootstrapProperties("admin", "")).run();
        assertThat(output.getOut()).doesNotContain("password");
    }
}
