package dev.pier.credentials;

import dev.pier.account.AccountService;
import dev.pier.account.AccountSummary;
import dev.pier.auth.PierPrincipal;
import dev.pier.base.api.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Provider tokens for scripts, served through ensureToken: cached and deduplicated like the console's own. */
@RestController
class ProviderTokenApiController {

    record TokenRequest(
            @NotBlank(message = "is required: the address of the provider the token is for")
            String provider) {}

    record TokenResponse(String token, Instant expiresAt) {}

    private final AccountService accounts;
    private final RegisteredProviders providers;
    private final ProviderCredentials credentials;

    ProviderTokenApiController(
            AccountService accounts, RegisteredProviders providers, ProviderCredentials credentials) {
        this.accounts = accounts;
        this.providers = providers;
        this.credentials = credentials;
    }

    @PostMapping("/api/v1/accounts/{address}/provider-token")
    TokenResponse token(
            @PathVariable String address,
            @Valid @RequestBody TokenRequest body,
            @AuthenticationPrincipal PierPrincipal principal) {
        AccountSummary account = accounts.find(principal.userId(), address)
                .orElseThrow(() -> new ApiException(
                        HttpStatus.NOT_FOUND,
                        "noSuchAccount",
                        "You have no account " + address + ".",
                        "List yours with GET /api/v1/accounts."));
        if (!providers.isRegistered(body.provider())) {
            throw new ApiException(
                    HttpStatus.NOT_FOUND,
                    "noSuchProvider",
                    "No provider " + body.provider() + " is registered with this console.",
                    "List the registered providers with GET /api/v1/providers.");
        }
        try {
            ProviderToken token = credentials.ensureToken(account.id(), body.provider());
            return new TokenResponse(token.value(), token.expiresAt());
        } catch (CredentialsUnavailableException e) {
            throw new ApiException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "credentialsUnavailable",
                    e.getMessage(),
                    "Retry the request in a few seconds; if it keeps failing, ask an administrator to check the "
                            + "server log.");
        }
    }
}
