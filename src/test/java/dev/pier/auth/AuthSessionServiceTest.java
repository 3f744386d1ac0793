package dev.pier.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.test.MutableClock;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserService;
import dev.pier.user.UserSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@PierIntegrationTest
class AuthSessionServiceTest {

    @Autowired
    AuthSessionService sessions;

    @Autowired
    AuthSessionRepository repository;

    @Autowired
    AuthProperties properties;

    @Autowired
    MutableClock clock;

    @Autowired
    TestUsers testUsers;

    @Autowired
    UserService users;

    @Autowired
    MeterRegistry meters;

    UserSummary user;

    @BeforeEach
    void createUser() {
        user = testUsers.create("sliding", Role.USER);
    }

    private AuthSession row(IssuedSession issued) {
        return repository.findById(issued.id()).orElseThrow();
    }

    private double slideWrites() {
        return meters.counter("pier.auth.session.slides").count();
    }

    @Test
    void use_after_the_slide_interval_extends_the_idle_expiry() {
        IssuedSession issued = sessions.issue(user.id(), SessionKind.API, "test");
        Instant before = row(issued).getExpiresAt();

        clock.advance(Duration.ofDays(10));
        Optional<ActiveSession> active = sessions.authenticate(issued.token());

        assertThat(active).isPresent();
        Instant after = row(issued).getExpiresAt();
        assertThat(after).isAfter(before);
        assertThat(Duration.between(clock.instant(), after))
                .isBetween(properties.sessionIdleTimeout().minusSeconds(1), properties.sessionIdleTimeout());
        assertThat(active.get().expiresAt()).isEqualTo(after);
    }

    @Test
    void an_expired_token_is_never_revived() {
        IssuedSession issued = sessions.issue(user.id(), SessionKind.API, "test");
        clock.advance(properties.sessionIdleTimeout().plusMinutes(1));
        Instant expiredAt = row(issued).getExpiresAt();

        assertThat(sessions.authenticate(issued.token())).isEmpty();
        assertThat(sessions.slide(AuthSessionService.hash(issued.token()), clock.instant()))
                .isZero();
        assertThat(row(issued).getExpiresAt()).isEqualTo(expiredAt);
        assertThat(sessions.authenticate(issued.token())).isEmpty();
    }

    @Test
    void sliding_an_unknown_token_changes_nothing() {
        IssuedSession issued = sessions.issue(user.id(), SessionKind.API, "test");
        clock.advance(Duration.ofDays(2));
        double writes = slideWrites();

        assertThat(sessions.slide(AuthSessionService.hash("pier_unknown"), clock.instant()))
                .isZero();
        assertThat(sessions.authenticate("pier_unknown")).isEmpty();
        assertThat(sessions.authenticate("not-even-a-pier-token")).isEmpty();
        assertThat(slideWrites()).isEqualTo(writes);
        assertThat(row(issued).getLastUsedAt()).isBefore(clock.instant());
    }

    @Test
    void the_absolute_lifetime_ends_a_session_used_every_day() {
        IssuedSession issued = sessions.issue(user.id(), SessionKind.BROWSER, "test");
        Instant absolute = issued.absoluteExpiresAt();
        while (clock.instant().plus(Duration.ofDays(1)).isBefore(absolute)) {
            clock.advance(Duration.ofDays(1));
            assertThat(sessions.authenticate(issued.token()))
                    .as("day before %s", absolute)
                    .isPresent();
            assertThat(row(issued).getExpiresAt()).isBeforeOrEqualTo(absolute);
        }
        clock.set(absolute);
        assertThat(sessions.authenticate(issued.token())).isEmpty();
    }

    @Test
    void a_revoked_token_fails_on_the_next_request() {
        IssuedSession issued = sessions.issue(user.id(), SessionKind.API, "test");
        assertThat(sessions.authenticate(issued.token())).isPresent();

        sessions.revoke(user.id(), issued.id());

        assertThat(sessions.authenticate(issued.token())).isEmpty();
        assertThat(sessions.sessionsOf(user.id()))
                .extracting(SessionSummary::id)
                .doesNotContain(issued.id());
    }

    @Test
    void disabling_the_user_ends_the_token_on_the_next_request() {
        IssuedSession issued = sessions.issue(user.id(), SessionKind.API, "test");
        assertThat(sessions.authenticate(issued.token())).isPresent();

        testUsers.asAdmin(() -> users.setEnabled(user.id(), false));

        assertThat(sessions.authenticate(issued.token())).isEmpty();
        assertThat(row(issued).isRevoked()).isTrue();
        // Enabling the user again does not bring revoked sessions back.
        testUsers.asAdmin(() -> users.setEnabled(user.id(), true));
        assertThat(sessions.authenticate(issued.token())).isEmpty();
    }

    @Test
    void two_concurrent_requests_with_one_token_both_succeed() throws Exception {
        IssuedSession issued = sessions.issue(user.id(), SessionKind.API, "test");
        clock.advance(Duration.ofDays(3));
        CountDownLatch start = new CountDownLatch(1);
        Callable<Optional<ActiveSession>> request = () -> {
            start.await();
            return sessions.authenticate(issued.token());
        };
        var pool = Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(request);
            var second = pool.submit(request);
            start.countDown();
            assertThat(List.of(first.get(), second.get()))
                    .allSatisfy(r -> assertThat(r).isPresent());
        } finally {
            pool.shutdownNow();
        }
        assertThat(row(issued).getLastUsedAt()).isEqualTo(clock.instant());
    }

    @Test
    void the_slide_writes_at_most_once_per_interval() {
        IssuedSession issued = sessions.issue(user.id(), SessionKind.API, "test");
        double writes = slideWrites();

        for (int i = 0; i < 50; i++) {
            clock.advance(Duration.ofSeconds(30));
            assertThat(sessions.authenticate(issued.token())).isPresent();
        }
        // 25 minutes of use inside a 1-hour interval: no write at all.
        assertThat(slideWrites() - writes).isZero();

        clock.advance(properties.sessionSlideInterval());
        for (int i = 0; i < 20; i++) {
            assertThat(sessions.authenticate(issued.token())).isPresent();
        }
        assertThat(slideWrites() - writes).isEqualTo(1.0);
        assertThat(row(issued).getLastUsedAt()).isEqualTo(clock.instant());
    }

    @Test
    void a_new_session_is_stored_only_as_a_hash() {
        IssuedSession issued = sessions.issue(user.id(), SessionKind.API, "test");
        assertThat(issued.token()).startsWith("pier_").hasSizeGreaterThan(40);
        assertThat(repository.findAll()).noneMatch(s -> s.getClientInfo().contains(issued.token()));
        assertThat(repository.findByTokenHash(AuthSessionService.hash(issued.token())))
                .isPresent();
        assertThat(AuthSessionService.hash(issued.token())).hasSize(64).doesNotContain(issued.token());
    }
}
