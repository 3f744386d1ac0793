package dev.pier.test;

import dev.pier.user.Role;
import dev.pier.user.UserService;
import dev.pier.user.UserSummary;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Creates real users through the real service, acting as an administrator for just that call. */
@Component
public class TestUsers {

    public static final String PASSWORD = "correct-horse-battery";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final UserService users;

    public TestUsers(UserService users) {
        this.users = users;
    }

    /** A new enabled user with a unique name starting with {@code prefix} and the password {@link #PASSWORD}. */
    public UserSummary create(String prefix, Role role) {
        String username = prefix + "-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime() % 100_000;
        return asAdmin(() -> users.create(username, PASSWORD, role));
    }

    public <T> T asAdmin(Supplier<T> action) {
        SecurityContext previous = SecurityContextHolder.getContext();
        var admin = SecurityContextHolder.createEmptyContext();
        admin.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                "test-admin", null, List.of(new SimpleGrantedAuthority("ROLE_ADMIN"))));
        SecurityContextHolder.setContext(admin);
        try {
            return action.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}
