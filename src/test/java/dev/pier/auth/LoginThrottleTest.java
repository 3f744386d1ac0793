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
            new AuthProperties(Duration.ofDays(30), Duration.ofDays(90), Duration.ofHours(1), "PIER_SESSION", settings), clock);

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
    void usernames_are_throttled_whatever_address_the_guesses_come_from() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("carol", "10.1.0." + i);
        }
        assertThat(throttle.retryAfter("CAROL ", "10.9.9.9")).isPresent();
        assertThat(throttle.retryAfter("dave", "10.9.9.9")).isEmpty();
    }

    @Test
    void one_address_guessing_many_usernames_is_throttled_after_its_own_allowance() {
        for (int i = 0; i < 19; i++) {
            throttle.recordFailure("user" + i, "10.2.0.1");
        }
        assertThat(throttle.retryAfter("someone-else", "10.2.0.1")).isEmpty();
        throttle.recordFailure("user19", "10.2.0.1");
        assertThat(throttle.retryAfter("someone-else", "10.2.0.1")).contains(Duration.ofSeconds(5));
        assertThat(throttle.retryAfter("someone-else", "10.2.0.2")).isEmpty();
    }

    @Test
    void success_forgets_the_username_but_not_the_address() {
        fail("erin", "10.3.0.1", 5);
        throttle.recordSuccess("erin");
        assertThat(throttle.retryAfter("erin", "10.3.0.9")).isEmpty();
    }

    @Test
    void the_throttled_message_rounds_up_to_whole_seconds() {
        assertThat(new LoginThrottledException(Duration.ofMillis(4001)).retryAfterSeconds()).isEqualTo(5);
        assertThat(new LoginThrottledException(Duration.ofMillis(1)).retryAfterSeconds()).isEqualTo(1);
    }
}
