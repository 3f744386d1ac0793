package dev.pier.auth;

import dev.pier.user.Role;
import java.util.List;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/** The signed-in user as Spring Security holds it, with the database id the other features key their data by. */
public class PierPrincipal extends User {

    private final long userId;
    private final Role role;

    PierPrincipal(long userId, String username, String passwordHash, Role role, boolean enabled) {
        super(
                username,
                passwordHash,
                enabled,
                true,
                true,
                true,
                List.of(new SimpleGrantedAuthority("ROLE_" + role.name())));
        this.userId = userId;
        this.role = role;
    }

    public long userId() {
        return userId;
    }

    public Role role() {
        return role;
    }
}
