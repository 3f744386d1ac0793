package dev.pier.provider.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.credentials.CredentialError;
import dev.pier.credentials.CredentialKey;
import dev.pier.credentials.CredentialsUnavailableException;
import dev.pier.provider.client.ProviderErrors.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The classifier table: each failure's kind, message and next step. */
class ProviderErrorsTest {

    static final String HOST = "https://provider.example.com:8443";

    private static ProviderErrors.Classified of(Throwable t) {
        return ProviderErrors.classify(t, HOST);
    }

    @Test
    void a_401_says_credentials_were_refreshed_and_what_to_do_if_it_persists() {
        var c = of(new ProviderCallException(401, "tokenExpired", "token expired", HOST));
        assertThat(c.kind()).isEqualTo(Kind.CREDENTIALS_REJECTED);
        assertThat(c.message()).contains("rejected the credentials").contains("refreshed");
        assertThat(c.action()).contains("keeps happening").contains("key registry");
    }

    @Test
    void a_403_says_which_access_is_missing() {
        var c = of(new ProviderCallException(403, "forbidden", "The token lacks the 'shell' scope.", HOST));
        assertThat(c.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(c.message()).contains("'shell' scope");
        assertThat(c.action()).contains("scope").contains("lease");
    }

    @Test
    void a_provider_without_containers_says_what_to_install_not_which_scope_is_missing() {
        var c = of(new ProviderCallException(
                403,
                "isolationRequired",
                "This provider runs workloads as plain host processes without isolation, which only "
                        + "administrators may use.",
                HOST));
        assertThat(c.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(c.message()).contains("only administrators");
        assertThat(c.action()).contains("apt-get install podman").doesNotContain("scope");
    }

    @Test
    void connection_failures_say_the_provider_is_unreachable_at_its_host() {
        for (Throwable t : new Throwable[] {
            new ConnectException("Connection refused"),
            new UnknownHostException("provider.example.com"),
            new HttpConnectTimeoutException("HTTP connect timed out"),
            new HttpTimeoutException("request timed out"),
            new CompletionException(new IOException("closed", new ConnectException("refused")))
        }) {
            var c = of(t);
            assertThat(c.kind()).as(t.toString()).isEqualTo(Kind.UNREACHABLE);
            assertThat(c.message()).contains(HOST).contains("unreachable");
            assertThat(c.action()).contains("Providers");
        }
    }

    @Test
    void a_5xx_says_retry_shortly() {
        for (int status : new int[] {500, 502, 503, 599}) {
            var c = of(new ProviderCallException(status, "internalError", "boom", HOST));
            assertThat(c.kind()).isEqualTo(Kind.PROVIDER_ERROR);
            assertThat(c.action()).contains("Retry shortly");
        }
    }

    @Test
    void anything_else_is_the_raw_error_without_invented_advice() {
        var notFound = of(new ProviderCallException(404, "noLease", "no lease", HOST));
        assertThat(notFound.kind()).isEqualTo(Kind.OTHER);
        assertThat(notFound.action()).isEmpty();
        assertThat(notFound.message()).contains("404").contains("noLease");

        var odd = of(new IllegalStateException("something unexpected"));
        assertThat(odd.kind()).isEqualTo(Kind.OTHER);
        assertThat(odd.text()).isEqualTo("something unexpected");
    }

    @Test
    void digits_that_only_look_like_status_codes_are_not_status_codes() {
        // A port number containing 401, a timestamp containing 5xx digits, a byte count: none is an HTTP status.
        assertThat(of(new IOException("Connection reset by peer: localhost:4010"))
                        .kind())
                .isEqualTo(Kind.OTHER);
        assertThat(of(new IOException("stream closed at 1700000401503")).kind()).isEqualTo(Kind.OTHER);
        assertThat(of(new IllegalStateException("read 5012 bytes, expected 401"))
                        .kind())
                .isEqualTo(Kind.OTHER);
        assertThat(of(new ConnectException("Connection refused: /127.0.0.1:4010"))
                        .kind())
                .isEqualTo(Kind.UNREACHABLE);
        assertThat(of(new ProviderCallException(400, "badRequest", "field 401 invalid, retry after 503 ms", HOST))
                        .kind())
                .isEqualTo(Kind.OTHER);
    }

    @Test
    void unobtainable_credentials_carry_the_credential_error() {
        var error = new CredentialError(
                new CredentialKey(1, "akash1x"),
                "Could not authorize with the provider akash1x: …",
                "signer down",
                4,
                Instant.EPOCH);
        var c = of(new CredentialsUnavailableException(error, new IllegalStateException("signer down")));
        assertThat(c.kind()).isEqualTo(Kind.CREDENTIALS_UNAVAILABLE);
        assertThat(c.message()).startsWith("Could not authorize with the provider");
    }
}
