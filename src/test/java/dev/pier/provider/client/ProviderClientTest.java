package dev.pier.provider.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.account.AccountSummary;
import dev.pier.base.ShellSession;
import dev.pier.base.StreamStatus;
import dev.pier.credentials.CredentialError;
import dev.pier.credentials.CredentialKey;
import dev.pier.credentials.CredentialsUnavailableException;
import dev.pier.credentials.ProviderToken;
import dev.pier.manifest.InvalidManifestException;
import dev.pier.manifest.ManifestProgress;
import dev.pier.provider.EmbeddedProvider;
import dev.pier.provider.ProviderService;
import dev.pier.shared.LogLine;
import dev.pier.test.MutableClock;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.ProviderTestSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** The provider client against the real embedded provider, with tokens that really expire every couple of seconds. */
@PierIntegrationTest
class ProviderClientTest {

    static final String TICKER = """
            version: "1"
            services:
              ticker:
                command: ["sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.05; done"]
            """;
    static final String SLEEPER = """
            version: "1"
            services:
              app:
                command: ["sh", "-c", "sleep 100000"]
            """;

    @Autowired
    ProviderTestSupport provider;

    @Autowired
    ProviderService providers;

    @Autowired
    ObjectMapper json;

    @Autowired
    MutableClock consoleClock;

    @Autowired
    EmbeddedProvider embedded;

    final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    final List<AutoCloseable> opened = new ArrayList<>();
    AccountSummary account;

    @BeforeEach
    void setUp() {
        consoleClock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        scheduler.setPoolSize(4);
        scheduler.initialize();
        account = provider.newAccount("client");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        scheduler.shutdown();
    }

    private ProviderClient client(TokenSource tokens, Duration rotationWindow, int rotationLimit) {
        return client(tokens, rotationWindow, rotationLimit, Clock.systemUTC(), Duration.ofSeconds(5));
    }

    private ProviderClient client(
            TokenSource tokens, Duration rotationWindow, int rotationLimit, Clock clock, Duration pingInterval) {
        ClientProperties properties = new ClientProperties(
                rotationWindow,
                rotationLimit,
                3,
                Duration.ofMillis(50),
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                256,
                Duration.ofSeconds(5),
                pingInterval,
                Duration.ofSeconds(12));
        return new ProviderClient(
                json,
                a -> providers.findByAddress(a).orElseThrow().hostUri(),
                tokens,
                properties,
                clock,
                scheduler,
                d -> {});
    }

    @Test
    void a_silent_stream_shows_as_stalled_and_pongs_keep_a_healthy_one_live() throws Exception {
        provider.deploy(provider.token(account), 311, SLEEPER);
        TokenSource tokens = new ShortLivedTokens(provider, account, Duration.ofMinutes(10), Duration.ZERO);
        MutableClock clock = new MutableClock(Instant.now());
        LeaseStream<LogLine> unpinged = client(tokens, Duration.ofSeconds(60), 3, clock, Duration.ofHours(1))
                .logs(account.id(), lease(311), new LeaseStream.Request(true, 0, null), line -> {}, s -> {});
        opened.add(unpinged);
        await("live", 20, () -> unpinged.status().state() == StreamStatus.State.LIVE);
        assertThat(unpinged.stalledFor()).isEmpty();
        clock.set(clock.instant().plusSeconds(13));
        assertThat(unpinged.stalledFor())
                .hasValueSatisfying(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofSeconds(13)));

        MutableClock other = new MutableClock(Instant.now());
        LeaseStream<LogLine> pinged = client(tokens, Duration.ofSeconds(60), 3, other, Duration.ofMillis(100))
                .logs(account.id(), lease(311), new LeaseStream.Request(true, 0, null), line -> {}, s -> {});
        opened.add(pinged);
        await("live", 20, () -> pinged.status().state() == StreamStatus.State.LIVE);
        other.set(other.instant().plusSeconds(13));
        await("a pong clears the stall", 10, () -> pinged.stalledFor().isEmpty());
    }

    private LeaseRef lease(long dseq) {
        return new LeaseRef(provider.provider().address(), dseq, 1, 1);
    }

    private static void await(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void a_shell_survives_ten_token_expiries_with_every_keystroke_once_and_in_order() throws Exception {
        RotatingShell rotating = openShell(301, null);
        RotatingShellSession shell = rotating.session();
        StringBuffer screen = rotating.screen();

        shell.send("sleep 1000 & echo PID=$$ JOB=$! END$((40+2))\n");
        // Generous: a podman exec into a fresh container can take seconds on a loaded 2-core machine.
        await("the shell's pid", 30, () -> screen.toString().contains("END42"));
        Matcher ids = Pattern.compile("PID=(\\d+) JOB=(\\d+)").matcher(screen);
        assertThat(ids.find()).isTrue();
        String pid = ids.group(1);
        String job = ids.group(2);
        shell.send("stty -echo; cat > typed.txt\n");

        StringBuilder typed = new StringBuilder();
        int key = 0;
        while (rotating.tokens().issued.size() < 12) {
            String keystroke = String.valueOf((char) ('a' + key % 26));
            typed.append(keystroke);
            shell.send(keystroke);
            if (++key % 20 == 0) {
                typed.append('\n');
                shell.send("\n");
            }
            Thread.sleep(15);
        }
        typed.append('\n');
        shell.send("\n");
        shell.send(new byte[] {4});
        shell.send("stty echo; echo SAME=$$; kill -0 " + job
                + " && echo ALIVE$((6*7)); wc -c < typed.txt; echo SUM=$(md5sum < typed.txt)\n");
        await("the check", 20, () -> screen.toString().contains("SUM="));

        String expectedSum = md5(typed.toString());
        await("the sum", 5, () -> screen.toString().contains(expectedSum));
        assertThat(screen.toString())
                .contains("SAME=" + pid)
                .contains("ALIVE42")
                .contains(expectedSum);
        assertThat(rotating.tokens().issued).hasSizeGreaterThanOrEqualTo(11);
        assertThat(rotating.statuses()).noneMatch(StreamStatus::closed);
        assertThat(rotating.statuses())
                .as("each rotation opened the next connection before closing the last (make-before-break)")
                .noneMatch(status -> status.state() == StreamStatus.State.RECONNECTING);
        assertThat(shell.status().state()).isEqualTo(StreamStatus.State.LIVE);
    }

    @Test
    void output_across_shell_rotations_arrives_once_and_in_order() throws Exception {
        // About 6 s of steady output, so a handful of rotations fall in the middle of it.
        RotatingShell rotating = openShell(
                303,
                List.of(
                        "sh",
                        "-c",
                        "i=0; while [ $i -lt 600 ]; do i=$((i+1)); echo N$i; sleep 0.01; done; echo FIN42"));
        StringBuffer screen = rotating.screen();
        await("the numbers", 60, () -> screen.toString().contains("FIN42"));

        List<Integer> numbers = Pattern.compile("(?m)^N(\\d+)\\r?$")
                .matcher(screen)
                .results()
                .map(found -> Integer.valueOf(found.group(1)))
                .toList();
        assertThat(numbers).isEqualTo(IntStream.rangeClosed(1, 600).boxed().toList());
        assertThat(rotating.tokens().issued).as("rotations during the output").hasSizeGreaterThanOrEqualTo(4);
        assertThat(rotating.statuses()).noneMatch(status -> status.state() == StreamStatus.State.RECONNECTING);
    }

    /** A shell on a fresh sleeper lease, through a client whose tokens live 2 s; what it shows and its states. */
    private record RotatingShell(
            RotatingShellSession session, ShortLivedTokens tokens, StringBuffer screen, List<StreamStatus> statuses) {}

    private RotatingShell openShell(int dseq, List<String> command) throws Exception {
        provider.deploy(provider.token(account), dseq, SLEEPER);
        ShortLivedTokens tokens =
                new ShortLivedTokens(provider, account, Duration.ofSeconds(2), Duration.ofMillis(900));
        StringBuffer screen = new StringBuffer();
        List<StreamStatus> statuses = new CopyOnWriteArrayList<>();
        RotatingShellSession shell = client(tokens, Duration.ofSeconds(1), 3)
                .shell(
                        account.id(),
                        lease(dseq),
                        "app",
                        0,
                        null,
                        command,
                        new ShellSession.Output() {
                            public void onOutput(byte[] bytes) {
                                screen.append(new String(bytes, StandardCharsets.UTF_8));
                            }

                            public void onExit(int code) {}
                        },
                        statuses::add);
        opened.add(shell);
        return new RotatingShell(shell, tokens, screen, statuses);
    }

    private static String md5(String text) throws Exception {
        byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    @Test
    void a_log_stream_over_ten_rotations_and_a_provider_restart_delivers_every_seq_once() throws Exception {
        provider.deploy(provider.token(account), 302, TICKER);
        ShortLivedTokens tokens =
                new ShortLivedTokens(provider, account, Duration.ofSeconds(2), Duration.ofMillis(900));
        List<Long> seqs = new CopyOnWriteArrayList<>();
        List<StreamStatus> statuses = new CopyOnWriteArrayList<>();
        LeaseStream<LogLine> stream = client(tokens, Duration.ofSeconds(1), 3)
                .logs(
                        account.id(),
                        lease(302),
                        new LeaseStream.Request(true, null, "ticker"),
                        line -> seqs.add(line.seq()),
                        statuses::add);
        opened.add(stream);

        await("five rotations", 20, () -> tokens.issued.size() >= 6);
        embedded.restart();
        await("ten rotations", 40, () -> tokens.issued.size() >= 11);
        long seenAfterRestart = seqs.size();
        await("lines after the restart", 20, () -> seqs.size() > seenAfterRestart + 20);

        for (int i = 1; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).as("seq at %d", i).isEqualTo(seqs.get(i - 1) + 1);
        }
        assertThat(seqs.get(0)).isEqualTo(1L);
        assertThat(statuses).anyMatch(s -> s.state() == StreamStatus.State.RECONNECTING);
        assertThat(stream.status().closed()).isFalse();
    }

    @Test
    void a_fourth_rotation_inside_the_window_ends_the_stream_visibly() throws Exception {
        provider.deploy(provider.token(account), 303, TICKER);
        ShortLivedTokens tokens = new ShortLivedTokens(provider, account, Duration.ofSeconds(1), Duration.ZERO);
        List<StreamStatus> statuses = new CopyOnWriteArrayList<>();
        LeaseStream<LogLine> stream = client(tokens, Duration.ofSeconds(60), 3)
                .logs(account.id(), lease(303), new LeaseStream.Request(true, 0, null), line -> {}, statuses::add);
        opened.add(stream);

        await("the closed state", 30, () -> stream.status().closed());
        assertThat(stream.status().reason()).contains("3 times within 60 s").contains("Reconnect");
        int issued = tokens.issued.size();
        Thread.sleep(1500);
        assertThat(tokens.issued).as("no token after the stream ended").hasSize(issued);
    }

    @Test
    void a_token_that_cannot_be_had_ends_the_stream_with_the_credential_error() throws Exception {
        provider.deploy(provider.token(account), 304, TICKER);
        CredentialError error = new CredentialError(
                new CredentialKey(account.id(), provider.provider().address()),
                "Could not authorize with the provider: the signer is down. Press Retry.",
                "signer down",
                4,
                Instant.now());
        List<Integer> asked = new CopyOnWriteArrayList<>();
        TokenSource down = new TokenSource() {
            public ProviderToken ensureToken(long accountId, String p) {
                asked.add(1);
                throw new CredentialsUnavailableException(error, new IllegalStateException("signer down"));
            }

            public Optional<ProviderToken> forceRefresh(long accountId, String p, String rejected) {
                return Optional.empty();
            }

            public Instant renewalTime(ProviderToken token) {
                return token.expiresAt();
            }
        };
        LeaseStream<LogLine> stream = client(down, Duration.ofSeconds(60), 3)
                .logs(account.id(), lease(304), new LeaseStream.Request(true, null, null), line -> {}, s -> {});
        opened.add(stream);
        await("the closed state", 10, () -> stream.status().closed());
        assertThat(stream.status().reason()).isEqualTo(error.message());
        Thread.sleep(500);
        assertThat(asked).hasSize(1);
    }

    @Test
    void a_manifest_waits_for_a_lease_that_appears_on_the_third_attempt_with_a_token_per_attempt() throws Exception {
        List<String> steps = new CopyOnWriteArrayList<>();
        ShortLivedTokens shortLived =
                new ShortLivedTokens(provider, account, Duration.ofMinutes(5), Duration.ofSeconds(1));
        TokenSource counting = new TokenSource() {
            public ProviderToken ensureToken(long accountId, String p) {
                steps.add("token");
                return shortLived.ensureToken(accountId, p);
            }

            public Optional<ProviderToken> forceRefresh(long accountId, String p, String rejected) {
                return shortLived.forceRefresh(accountId, p, rejected);
            }

            public Instant renewalTime(ProviderToken token) {
                return shortLived.renewalTime(token);
            }
        };
        String ownerToken = provider.token(account);
        client(counting, Duration.ofSeconds(60), 3)
                .sendManifest(account.id(), provider.provider().address(), 305, TICKER, Map.of(), progress -> {
                    steps.add(progress.step() + " " + progress.attempt());
                    if (progress.step() == ManifestProgress.Step.WAITING_FOR_LEASE && progress.attempt() == 2) {
                        ProviderTestSupport.expect(sendQuietly("POST", "/lease/305/1/1", ownerToken), 201);
                    }
                });

        assertThat(steps)
                .containsExactly(
                        "VALIDATED 0",
                        "SENDING 1",
                        "token",
                        "WAITING_FOR_LEASE 1",
                        "SENDING 2",
                        "token",
                        "WAITING_FOR_LEASE 2",
                        "SENDING 3",
                        "token",
                        "APPLIED 3");
        assertThat(shortLived.issued).doesNotHaveDuplicates().hasSize(3);
        assertThat(provider.send("GET", "/lease/305/1/1/manifest", ownerToken, null)
                        .body())
                .isEqualTo(TICKER);
    }

    @Test
    void an_invalid_manifest_never_leaves_the_console_and_a_missing_lease_is_reported_after_three_attempts() {
        ShortLivedTokens tokens = new ShortLivedTokens(provider, account, Duration.ofMinutes(5), Duration.ofSeconds(1));
        ProviderClient client = client(tokens, Duration.ofSeconds(60), 3);
        assertThatThrownBy(() -> client.sendManifest(
                        account.id(), provider.provider().address(), 306, "version: 2\n", Map.of(), p -> {}))
                .isInstanceOf(InvalidManifestException.class);
        assertThat(tokens.issued).isEmpty();

        assertThatThrownBy(() -> client.sendManifest(
                        account.id(), provider.provider().address(), 307, TICKER, Map.of(), p -> {}))
                .isInstanceOfSatisfying(ProviderCallException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("noLease");
                });
        assertThat(tokens.issued).hasSize(3);
    }

    @Test
    void lease_calls_take_a_fresh_token_and_report_provider_errors() {
        ShortLivedTokens tokens = new ShortLivedTokens(provider, account, Duration.ofMinutes(5), Duration.ofSeconds(1));
        ProviderClient client = client(tokens, Duration.ofSeconds(60), 3);
        client.openLease(account.id(), lease(308));
        client.sendManifest(account.id(), provider.provider().address(), 308, TICKER, Map.of(), p -> {});
        assertThat(client.manifest(account.id(), lease(308))).isEqualTo(TICKER);
        assertThat(client.leaseStatus(account.id(), lease(308))
                        .services()
                        .get("ticker")
                        .total())
                .isEqualTo(1);
        client.closeLease(account.id(), lease(308));
        assertThatThrownBy(() -> client.leaseStatus(account.id(), lease(308)))
                .isInstanceOfSatisfying(
                        ProviderCallException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(ProviderErrors.classify(new ProviderCallException(404, "noLease", "x", "h"), "h")
                        .kind())
                .isEqualTo(ProviderErrors.Kind.OTHER);
        assertThat(tokens.issued).hasSizeGreaterThanOrEqualTo(5);
    }

    private HttpResponse<String> sendQuietly(String method, String path, String token) {
        try {
            return provider.send(method, path, token, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
