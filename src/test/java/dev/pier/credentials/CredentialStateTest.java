package dev.pier.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.credentials.ui.CredentialState;
import dev.pier.test.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-tab view of credentials: claims, one notification per waiting tab, sticky access, account switches. */
class CredentialStateTest {

    static final String PROVIDER = "akash1provider";

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final FakeMinter minter = new FakeMinter(clock, Duration.ofMinutes(30));
    final VirtualBackoffScheduler scheduler = new VirtualBackoffScheduler();
    final ExecutorService executor = Executors.newFixedThreadPool(2);
    final ProviderCredentials credentials = TestCredentials.over(minter, clock, scheduler, executor);

    /** One browser tab: its active account, its notifications and change events. */
    final class Tab {
        final AtomicLong account = new AtomicLong(1);
        final List<String> notifications = new CopyOnWriteArrayList<>();
        final List<String> changes = new CopyOnWriteArrayList<>();
        final CredentialState state = new CredentialState(credentials, account::get, Runnable::run, notifications::add);

        Tab() {
            state.addChangeListener(changes::add);
            credentials.addChangeListener(state::serviceChanged);
        }
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
        scheduler.shutdownNow();
    }

    @Test
    void pending_then_usable_and_sticky_through_a_later_error() throws Exception {
        Tab tab = new Tab();
        minter.hold();
        tab.state.request(PROVIDER);
        assertThat(tab.state.snapshot(PROVIDER).status()).isEqualTo(CredentialState.Status.PENDING);
        assertThat(tab.state.snapshot(PROVIDER).hadAccess()).isFalse();

        minter.release();
        credentials.ensureToken(1, PROVIDER);
        awaitChange(tab, 1);
        assertThat(tab.state.snapshot(PROVIDER).status()).isEqualTo(CredentialState.Status.USABLE);
        assertThat(tab.state.snapshot(PROVIDER).hadAccess()).isTrue();

        // The token expires and the signer is down: the error shows, and access stays sticky.
        clock.advance(Duration.ofMinutes(30));
        assertThat(tab.state.snapshot(PROVIDER).status()).isEqualTo(CredentialState.Status.EXPIRED);
        minter.alwaysFail = true;
        tab.state.request(PROVIDER);
        awaitNotifications(tab, 1);
        CredentialState.Snapshot failed = tab.state.snapshot(PROVIDER);
        assertThat(failed.status()).isEqualTo(CredentialState.Status.ERROR);
        assertThat(failed.hasError()).isTrue();
        assertThat(failed.hadAccess()).isTrue();
    }

    @Test
    void exhaustion_notifies_each_waiting_tab_exactly_once() throws Exception {
        minter.alwaysFail = true;
        Tab waitingTwice = new Tab();
        Tab waitingOnce = new Tab();
        Tab notWaiting = new Tab();
        notWaiting.state.request("akash1elsewhere");
        awaitNotifications(notWaiting, 1);
        notWaiting.notifications.clear();

        minter.hold();
        waitingTwice.state.request(PROVIDER);
        waitingTwice.state.request(PROVIDER);
        waitingOnce.state.request(PROVIDER);
        minter.release();

        awaitNotifications(waitingTwice, 1);
        awaitNotifications(waitingOnce, 1);
        assertThat(waitingTwice.notifications)
                .hasSize(1)
                .first()
                .asString()
                .contains("Could not authorize with the provider " + PROVIDER);
        assertThat(waitingOnce.notifications).hasSize(1);
        assertThat(notWaiting.notifications).isEmpty();
        assertThat(minter.calls.get())
                .as("one generation of 4 attempts for everyone, plus the earlier 4")
                .isEqualTo(8);
    }

    @Test
    void an_account_switch_during_a_generation_never_lands_the_old_result_on_the_new_account() throws Exception {
        Tab tab = new Tab();
        minter.hold();
        tab.state.request(PROVIDER);

        tab.account.set(2);
        tab.state.accountSwitched();
        tab.changes.clear();
        minter.release();
        credentials.ensureToken(1, PROVIDER);
        Thread.sleep(50);

        CredentialState.Snapshot snapshot = tab.state.snapshot(PROVIDER);
        assertThat(snapshot.hadAccess()).isFalse();
        assertThat(snapshot.status()).isEqualTo(CredentialState.Status.PENDING);
        assertThat(credentials.peek(new CredentialKey(2, PROVIDER))).isEmpty();
        assertThat(tab.notifications).isEmpty();
    }

    @Test
    void an_account_switch_drops_the_old_accounts_error() throws Exception {
        Tab tab = new Tab();
        minter.alwaysFail = true;
        tab.state.request(PROVIDER);
        awaitNotifications(tab, 1);
        assertThat(tab.state.snapshot(PROVIDER).hasError()).isTrue();

        tab.account.set(2);
        tab.state.accountSwitched();

        assertThat(tab.state.snapshot(PROVIDER).hasError()).isFalse();
        assertThat(tab.changes).contains(PROVIDER);
    }

    private static void awaitChange(Tab tab, int count) throws InterruptedException {
        for (int i = 0; i < 400 && tab.changes.size() < count; i++) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        assertThat(tab.changes).hasSizeGreaterThanOrEqualTo(count);
    }

    private static void awaitNotifications(Tab tab, int count) throws InterruptedException {
        for (int i = 0; i < 400 && tab.notifications.size() < count; i++) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        assertThat(tab.notifications).hasSize(count);
    }
}
