package dev.pier.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.base.InvalidInputException;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.TestUsers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

@PierIntegrationTest
class UserServiceTest {

    @Autowired
    UserService users;

    @Autowired
    TestUsers testUsers;

    @Autowired
    UserRepository repository;

    private static InvalidInputException invalid(Runnable action) {
        try {
            action.run();
        } catch (InvalidInputException e) {
            return e;
        }
        throw new AssertionError("expected the input to be refused");
    }

    @Test
    void bad_input_names_the_field_and_changes_nothing() {
        long before = repository.count();
        assertThat(invalid(() -> testUsers.asAdmin(
                                () -> users.create("no spaces allowed", "long-enough-password", Role.USER)))
                        .field())
                .isEqualTo("username");
        assertThat(invalid(() -> testUsers.asAdmin(() -> users.create("valid-name", "short", Role.USER)))
                        .field())
                .isEqualTo("password");
        assertThat(invalid(() -> testUsers.asAdmin(() -> users.create("valid-name", "x".repeat(73), Role.USER)))
                        .getMessage())
                .contains("72 bytes");
        // The reproduction: twelve spaces were accepted as a password.
        assertThat(invalid(() -> testUsers.asAdmin(() -> users.create("valid-name", " ".repeat(12), Role.USER)))
                        .getMessage())
                .contains("different characters");
        assertThat(invalid(() -> testUsers.asAdmin(() -> users.create("valid-name", "aaaaaaaaaaaaaaaa", Role.USER)))
                        .field())
                .isEqualTo("password");
        assertThat(invalid(() -> testUsers.asAdmin(() -> users.create("valid-name", "long-enough-password", null)))
                        .field())
                .isEqualTo("role");
        assertThat(repository.count()).isEqualTo(before);
    }

    @Test
    void usernames_are_case_insensitive() {
        UserSummary user = testUsers.create("Mixed", Role.USER);
        assertThat(user.username()).isEqualTo(user.username().toLowerCase());
        assertThat(users.credentials(user.username().toUpperCase())).isPresent();
        assertThat(invalid(() -> testUsers.asAdmin(
                                () -> users.create(user.username().toUpperCase(), "long-enough-password", Role.USER)))
                        .getMessage())
                .contains("taken");
    }

    @Test
    void the_last_enabled_admin_cannot_be_disabled_or_demoted() {
        long adminId =
                users.credentials(PierIntegrationTest.ADMIN).orElseThrow().id();
        List<UserSummary> otherAdmins = testUsers.asAdmin(() -> users.list("", PageRequest.of(0, 1000)).stream()
                .filter(u -> u.role() == Role.ADMIN && u.enabled() && u.id() != adminId)
                .toList());
        otherAdmins.forEach(u -> testUsers.asAdmin(() -> users.changeRole(u.id(), Role.USER)));

        assertThat(invalid(() -> testUsers.asAdmin(() -> users.setEnabled(adminId, false)))
                        .getMessage())
                .contains("last enabled administrator");
        assertThat(invalid(() -> testUsers.asAdmin(() -> users.changeRole(adminId, Role.USER)))
                        .getMessage())
                .contains("last enabled administrator");
        assertThat(users.find(adminId).orElseThrow().enabled()).isTrue();
    }

    @Test
    void an_admin_cannot_disable_themselves() {
        UserSummary admin = testUsers.create("self", Role.ADMIN);
        var auth = UsernamePasswordAuthenticationToken.authenticated(
                admin.username(), null, List.of(new SimpleGrantedAuthority("ROLE_ADMIN")));
        SecurityContextHolder.getContext().setAuthentication(auth);
        try {
            assertThatThrownBy(() -> users.setEnabled(admin.id(), false))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("your own account");
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    @Test
    void administration_needs_the_admin_role() {
        var auth = UsernamePasswordAuthenticationToken.authenticated(
                "someone", null, List.of(new SimpleGrantedAuthority("ROLE_USER")));
        SecurityContextHolder.getContext().setAuthentication(auth);
        try {
            assertThatThrownBy(() -> users.create("sneaky", "long-enough-password", Role.ADMIN))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> users.list("", PageRequest.of(0, 10))).isInstanceOf(AccessDeniedException.class);
        } finally {
            SecurityContextHolder.clearContext();
        }
        assertThat(users.credentials("sneaky")).isEmpty();
    }

    @Test
    void passwords_are_stored_as_bcrypt_hashes() {
        UserSummary user = testUsers.create("hashed", Role.USER);
        String stored = users.credentials(user.username()).orElseThrow().passwordHash();
        assertThat(stored).startsWith("$2").doesNotContain(TestUsers.PASSWORD);
    }

    @Test
    void the_first_admin_is_created_only_when_there_are_no_users() {
        assertThat(users.createFirstAdminIfNone("another-admin", "long-enough-password"))
                .isFalse();
        assertThat(users.credentials("another-admin")).isEmpty();
    }
}
