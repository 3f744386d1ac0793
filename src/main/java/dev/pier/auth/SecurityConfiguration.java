package dev.pier.auth;

import com.vaadin.flow.spring.security.VaadinAwareSecurityContextHolderStrategyConfiguration;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import dev.pier.auth.ui.LoginView;
import dev.pier.base.api.ApiErrorWriter;
import dev.pier.base.api.MetricsAcceptFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.CrossOriginEmbedderPolicyHeaderWriter.CrossOriginEmbedderPolicy;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy;

/**
 * Two chains: a stateless one for /api and /actuator (bearer session tokens, JSON errors, no CSRF because no cookie
 * authenticates there) and the Vaadin one for the UI (form login, remember-me cookie, Vaadin's own rules).
 * VaadinSecurityConfigurer replaces the deprecated VaadinWebSecurity base class.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableMethodSecurity
@Import(VaadinAwareSecurityContextHolderStrategyConfiguration.class)
class SecurityConfiguration {

    /** Ends signed-in browsers a moment after telling them where to go. */
    @Bean
    ThreadPoolTaskScheduler authTimers() {
        var scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("auth-timer-");
        return scheduler;
    }

    /** Password login for the form and the API alike; the remember-me provider is added per chain by Spring. */
    @Bean
    AuthenticationManager authenticationManager(
            PierUserDetailsService users, PasswordEncoder encoder, LoginThrottle throttle) {
        return new ProviderManager(new ThrottledAuthenticationProvider(users, encoder, throttle));
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(
            HttpSecurity http,
            AuthSessionService sessions,
            PierUserDetailsService users,
            ApiAuthErrors errors,
            ApiErrorWriter errorWriter)
            throws Exception {
        http.securityMatcher("/api/**", "/actuator/**", "/.well-known/**")
                .csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(
                        new BearerSessionFilter(sessions, users, errors), UsernamePasswordAuthenticationFilter.class)
                .addFilterAfter(new MetricsAcceptFilter(errorWriter), BearerSessionFilter.class)
                .exceptionHandling(
                        e -> e.authenticationEntryPoint(errors.entryPoint()).accessDeniedHandler(errors.accessDenied()))
                .authorizeHttpRequests(a -> a.requestMatchers(HttpMethod.POST, "/api/v1/auth/login")
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        // The key registry: providers read it without credentials.
                        .requestMatchers(HttpMethod.GET, "/.well-known/jwks.json")
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .hasRole("ADMIN")
                        .anyRequest()
                        .authenticated());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain vaadinChain(HttpSecurity http, PersistentLoginCookies cookies) throws Exception {
        http.with(
                VaadinSecurityConfigurer.vaadin(),
                vaadin -> vaadin.loginView(LoginView.class, "/login").addLogoutHandler(cookies));
        http.formLogin(form -> form.failureHandler(loginFailure()));
        http.addFilterBefore(new SameOriginLoginFilter(), UsernamePasswordAuthenticationFilter.class);
        http.rememberMe(remember -> remember.rememberMeServices(cookies).key(cookies.key()));
        // Spring Security's default, stated on purpose: a new session id at login makes a planted one useless.
        http.sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()));
        // Cross-origin isolation gives the page shared memory, which the terminal reads its echo from before the
        // browser paints (frontend/terminal-link.ts); the UI loads nothing from other origins, so it costs nothing.
        http.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .crossOriginOpenerPolicy(coop -> coop.policy(CrossOriginOpenerPolicy.SAME_ORIGIN))
                .crossOriginEmbedderPolicy(coep -> coep.policy(CrossOriginEmbedderPolicy.REQUIRE_CORP)));
        return http.build();
    }

    /**
     * Everything from this origin only. Vaadin's bootstrap and Lumo need inline scripts and styles (and its templates
     * eval); the terminal's socket is a worker, a script of the bundle (no blob:); nothing may frame the console, and
     * forms post only to it.
     */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
                    + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
                    + "connect-src 'self'; "
                    + "worker-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; "
                    + "object-src 'none'";

    /** Sends the login view a reason it can explain: wrong credentials, a wait, or a disabled account. */
    private static AuthenticationFailureHandler loginFailure() {
        return (request, response, exception) -> {
            String query;
            if (exception instanceof LoginThrottledException throttled) {
                query = "throttled=" + throttled.retryAfterSeconds();
            } else if (exception instanceof DisabledException) {
                query = "disabled";
            } else {
                query = "error";
            }
            response.sendRedirect(request.getContextPath() + "/login?" + query);
        };
    }
}
