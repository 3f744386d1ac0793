package dev.pier.auth.ui;

import com.vaadin.flow.spring.annotation.UIScope;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.pier.auth.PierPrincipal;
import org.springframework.stereotype.Component;

/**
 * Who is signed in to this browser tab, for views of every feature. A change of role or access ends the tab's session
 * (see SignedInBrowsers), so what is read once here stays true for the tab's life.
 */
@Component
@UIScope
public class SignedInUser {

    private final long id;
    private final String username;
    private final boolean administrator;

    SignedInUser(AuthenticationContext authentication) {
        PierPrincipal principal = authentication
                .getAuthenticatedUser(PierPrincipal.class)
                .orElseThrow(() -> new IllegalStateException("A view for signed-in users was opened without one"));
        this.id = principal.userId();
        this.username = principal.getUsername();
        this.administrator = principal.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN"));
    }

    public long id() {
        return id;
    }

    public String username() {
        return username;
    }

    public boolean administrator() {
        return administrator;
    }
}
