package dev.pier.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.test.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AuthProperties.LoginThrottle settings =
            new AuthProperties.LoginThrottle(5, 20, Duration.ofSeconds(5), Duration.ofMinutes(15));
    private final LoginThrottle throttle = new LoginThrottle(
            new AuthProperties(Duration.ofDays(30), Duration.ofDays(90), Duration.ofHours(1), "PIER_SESSION", settings),
            clock);

    private void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.recordFailure(user, address);
        }
    }

    @Test
    void five_failures_are_free_and_the_sixth_attempt_must_wait() {
        fail("alice", "10.0.0.1", 4);
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isEmpty();
        fail("alice", "10.0.0.1", 1);
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).contains(Duration.ofSeconds(5));
    }

    @Test
    void the_wait_doubles_with_each_failure_up_to_the_maximum() {
        assertThat(throttle.delayFor(0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(throttle.delayFor(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(throttle.delayFor(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(throttle.delayFor(8)).isEqualTo(Duration.ofMinutes(15));
        assertThat(throttle.delayFor(1000)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void the_wait_runs_out_with_time() {
        fail("bob", "10.0.0.2", 7);
        assertThat(throttle.retryAfter("bob", "10.0.0.2")).contains(Duration.ofSeconds(20));
        clock.advance(Duration.ofSeconds(15));
        assertThat(throttle.retryAfter("bob", "10.0.0.2")).contains(Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(5));
        assertThat(throttle.retryAfter("bob", "10.0.0.2")).isEmpty();
    }

    @Test
    void a_guesser_elsewhere_never_locks_the_owner_out() {
        // The reproduction: five wrong passwords from one place made the right one answer 429 everywhere.
        fail("carol", "10.1.0.1", 5);
        assertThat(throttle.retryAfter("CAROL ", "10.1.0.1")).isPresent();
        assertThat(throttle.retryAfter("carol", "10.9.9.9"))
                .as("the owner at home")
                .isEmpty();
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("carol", "10.1.1." + i);
        }
        assertThat(throttle.retryAfter("carol", "10.9.9.9")).isEmpty();
    }

    @Test
    void many_made_up_usernames_from_one_address_lock_out_no_real_user_there() {
        // The reproduction: twenty failures with invented names locked every user behind that address out.
        for (int i = 0; i < 25; i++) {
            throttle.recordFailure("made-up-" + i, "10.2.0.1");
        }
        assertThat(throttle.retryAfter("someone-real", "10.2.0.1"))
                .as("no failures of theirs from there")
                .isEmpty();
        // But a name that failed from that address now waits the address's delay: the guesser is slowed.
        throttle.recordFailure("someone-real", "10.2.0.1");
        assertThat(throttle.retryAfter("someone-real", "10.2.0.1")).isPresent();
        assertThat(throttle.retryAfter("made-up-3", "10.2.0.1")).isPresent();
        assertThat(throttle.retryAfter("made-up-3", "10.2.0.2")).isEmpty();
    }

    @Test
    void success_forgets_the_pair_but_not_the_address() {
        fail("erin", "10.3.0.1", 5);
        throttle.recordSuccess("erin", "10.3.0.1");
        assertThat(throttle.retryAfter("erin", "10.3.0.1")).isEmpty();
    }

    @Test
    void the_throttled_message_rounds_up_to_whole_seconds() {
        assertThat(new LoginThrottledException(Duration.ofMillis(4001)).retryAfterSeconds())
                .isEqualTo(5);
        assertThat(new LoginThrottledException(Duration.ofMillis(1)).retryAfterSeconds())
                .isEqualTo(1);
    }
}
