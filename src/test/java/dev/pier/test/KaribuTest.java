package dev.pier.test;

import com.github.mvysny.fakeservlet.FakeRequest;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinServletRequest;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;

/** Base of the browserless view tests: Vaadin mocked by Karibu on top of the shared Spring context. */
@PierIntegrationTest
public abstract class KaribuTest {

    /** Waits (up to 15 s) for a condition that server pushes make true, running the client round trips meanwhile. */
    protected static void until(String what, BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
            MockVaadin.clientRoundtrip();
        }
        Assertions.assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    private static final Routes ROUTES = new Routes().autoDiscoverViews("dev.pier");

    @Autowired
    protected ApplicationContext context;

    @Autowired
    protected UserDetailsService userDetails;

    @BeforeEach
    void setUpVaadin() {
        SecurityContextHolder.clearContext();
        MockVaadin.setup(UI::new, new MockSpringServlet(ROUTES, context, UI::new));
    }

    @AfterEach
    void tearDownVaadin() {
        MockVaadin.tearDown();
        SecurityContextHolder.clearContext();
    }

    /** Signs a real database user in, as Spring Security's filters would, then reloads the UI as that user. */
    protected void login(String username) {
        UserDetails user = userDetails.loadUserByUsername(username);
        var auth = UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
        SecurityContextHolder.getContext().setAuthentication(auth);
        Set<String> roles = user.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
        FakeRequest request = (FakeRequest) VaadinServletRequest.getCurrent().getRequest();
        request.setUserPrincipalInt(auth);
        request.setUserInRole((principal, role) -> roles.contains("ROLE_" + role));
    }
}
