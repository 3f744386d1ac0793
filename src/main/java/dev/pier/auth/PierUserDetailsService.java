package dev.pier.auth;

import dev.pier.user.UserService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

@Component
class PierUserDetailsService implements UserDetailsService {

    private final UserService users;

    PierUserDetailsService(UserService users) {
        this.users = users;
    }

    @Override
    public PierPrincipal loadUserByUsername(String username) {
        return users.credentials(username)
                .map(u -> new PierPrincipal(u.id(), u.username(), u.passwordHash(), u.role(), u.enabled()))
                .orElseThrow(() -> new UsernameNotFoundException("No such user"));
    }

    PierPrincipal loadById(long userId) {
        var summary = users.find(userId).orElseThrow(() -> new UsernameNotFoundException("No such user"));
        return loadUserByUsername(summary.username());
    }
}
