package dev.pier.provider.client;

import dev.pier.credentials.CredentialsUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one classifier every provider failure goes through, for the UI and the API alike: it says what happened and what
 * to do next. It decides by status and exception type only, never by digits in a message, so a port number or a
 * timestamp that happens to contain 401 is not mistaken for a credentials failure.
 */
public final class ProviderErrors {

    public enum Kind {
        CREDENTIALS_REJECTED,
        FORBIDDEN,
        UNREACHABLE,
        PROVIDER_ERROR,
        CREDENTIALS_UNAVAILABLE,
        OTHER
    }

    /** A failure as people see it: what happened, and the next step (empty when there is no honest advice). */
    public record Classified(Kind kind, String message, String action) {

        public String text() {
            return action.isEmpty() ? message : message + " " + action;
        }
    }

    private ProviderErrors() {}

    public static Classified classify(Throwable failure, String hostUri) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ProviderCallException call) {
            return classifyStatus(call.status(), call.code(), call.getMessage(), hostUri);
        }
        if (cause instanceof CredentialsUnavailableException unavailable) {
            return new Classified(Kind.CREDENTIALS_UNAVAILABLE, unavailable.getMessage(), "");
        }
        if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
            return unreachable(hostUri, "its host name does not resolve");
        }
        if (cause instanceof HttpConnectTimeoutException
                || cause instanceof HttpTimeoutException
                || cause instanceof SocketTimeoutException) {
            return unreachable(hostUri, "it did not answer in time");
        }
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
            return unreachable(hostUri, "the connection was refused");
        }
        String raw = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new Classified(Kind.OTHER, raw, "");
    }

    public static Classified classifyStatus(int status, String code, String providerMessage, String hostUri) {
        String detail = providerMessage == null || providerMessage.isBlank() ? "" : " (" + providerMessage + ")";
        if (status == 401) {
            return new Classified(
                    Kind.CREDENTIALS_REJECTED,
                    "The provider rejected the credentials" + detail + "; Pier refreshed them and tried again.",
                    "If this keeps happening, check that the provider reaches this console's key registry "
                            + "(/.well-known/jwks.json) and that its clock is right.");
        }
        if (status == 403 && "isolationRequired".equals(code)) {
            // Not a missing scope: this provider runs no containers, and the account may not use plain processes.
            return new Classified(
                    Kind.FORBIDDEN,
                    providerMessage,
                    "Deploy on a provider whose isolation is 'container', or ask this provider's operator to install "
                            + "podman (apt-get install podman runc).");
        }
        if (status == 403) {
            return new Classified(
                    Kind.FORBIDDEN,
                    "The provider refused access" + detail + ".",
                    "The token lacks the scope or the account does not own that lease; use the account that "
                            + "created it.");
        }
        if (status >= 500 && status <= 599) {
            return new Classified(
                    Kind.PROVIDER_ERROR,
                    "The provider at " + hostUri + " failed with HTTP " + status + detail + ".",
                    "Retry shortly; if it persists, the provider's operator needs to look at its log.");
        }
        return new Classified(Kind.OTHER, "HTTP " + status + (code == null ? "" : " " + code) + detail, "");
    }

    private static Classified unreachable(String hostUri, String why) {
        return new Classified(
                Kind.UNREACHABLE,
                "The provider at " + hostUri + " is unreachable: " + why + ".",
                "Check the network and the provider's address under Providers.");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException
                        || cause instanceof ExecutionException
                        || cause instanceof UncheckedIOException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        // java.net.http wraps connection failures in an IOException whose cause says what happened.
        if (cause instanceof IOException
                && cause.getCause() != null
                && (cause.getCause() instanceof ConnectException
                        || cause.getCause() instanceof UnresolvedAddressException
                        || cause.getCause() instanceof UnknownHostException)) {
            return cause.getCause();
        }
        return cause;
    }
}
