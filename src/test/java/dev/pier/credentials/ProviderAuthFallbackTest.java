package dev.pier.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Span;
import dev.pier.credentials.ui.CredentialState;
import dev.pier.credentials.ui.ProviderAuthFallback;
import dev.pier.test.KaribuTest;
import dev.pier.test.MutableClock;
import dev.pier.test.PierIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fallback every provider-backed view sits in: skeleton, then content, then an alert over that content. */
class ProviderAuthFallbackTest extends KaribuTest {

    static final String PROVIDER = "akash1fallback";

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final FakeMinter minter = new FakeMinter(clock, Duration.ofMinutes(30));
    final VirtualBackoffScheduler scheduler = new VirtualBackoffScheduler();
    final ExecutorService executor = Executors.newFixedThreadPool(2);
    final ProviderCredentials credentials = TestCredentials.over(minter, clock, scheduler, executor);
    final List<String> notifications = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        executor.shutdownNow();
        scheduler.shutdownNow();
    }

    private CredentialState tabState() {
        UI ui = UI.getCurrent();
        CredentialState state =
                new CredentialState(credentials, () -> 1L, command -> ui.access(command::run), notifications::add);
        credentials.addChangeListener(state::serviceChanged);
        return state;
    }

    @Test
    void skeleton_then_content_then_an_alert_over_the_same_content() throws Exception {
        login(PierIntegrationTest.ADMIN);
        CredentialState state = tabState();
        AtomicInteger contentCreated = new AtomicInteger();
        minter.hold();

        ProviderAuthFallback fallback = new ProviderAuthFallback(state, PROVIDER, () -> {
            contentCreated.incrementAndGet();
            return new Span("terminal");
        });
        UI.getCurrent().add(fallback);

        assertThat(fallback.showsSkeleton()).isTrue();
        assertThat(fallback.showsContent()).isFalse();
        assertThat(fallback.showsAlert()).isFalse();

        minter.release();
        credentials.ensureToken(1, PROVIDER);
        awaitUi(fallback::showsContent);
        assertThat(fallback.showsContent()).isTrue();
        assertThat(fallback.showsSkeleton()).isFalse();
        assertThat(fallback.showsAlert()).isFalse();

        // Later the token runs out and the signer is down: the alert appears over the content, which stays.
        clock.advance(Duration.ofMinutes(30));
        minter.alwaysFail = true;
        fallback.retryButton().click();
        awaitAlert(fallback);
        assertThat(fallback.alertMessage())
                .contains("Could not authorize with the provider " + PROVIDER)
                .contains("Retry");
        assertThat(fallback.showsContent()).isTrue();
        assertThat(contentCreated.get()).as("the content is never recreated").isEqualTo(1);
        assertThat(notifications).hasSize(1);

        // Retry after recovery clears the alert; still the same content.
        minter.alwaysFail = false;
        fallback.retryButton().click();
        credentials.ensureToken(1, PROVIDER);
        awaitUi(() -> !fallback.showsAlert());
        assertThat(fallback.showsAlert()).isFalse();
        assertThat(contentCreated.get()).isEqualTo(1);
    }

    @Test
    void an_error_before_any_access_shows_the_alert_without_content() throws Exception {
        login(PierIntegrationTest.ADMIN);
        minter.alwaysFail = true;
        ProviderAuthFallback fallback = new ProviderAuthFallback(tabState(), PROVIDER, () -> new Span("never"));
        UI.getCurrent().add(fallback);
        awaitAlert(fallback);
        assertThat(fallback.showsSkeleton()).isFalse();
        assertThat(fallback.showsContent()).isFalse();
    }

    /** Runs the UI's pending access tasks until the condition holds (results arrive on background threads). */
    private static void awaitUi(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 2000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(5);
            MockVaadin.clientRoundtrip();
        }
    }

    /** Runs the UI's pending access tasks until the alert shows (the failure arrives on a background thread). */
    private static void awaitAlert(ProviderAuthFallback fallback) throws InterruptedException {
        for (int i = 0; i < 2000 && !fallback.showsAlert(); i++) {
            Thread.sleep(5);
            MockVaadin.clientRoundtrip();
        }
        assertThat(fallback.showsAlert()).isTrue();
    }
}
