package dev.pier.providerapp.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.shared.Es256kSigner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Checks provider JWTs the way an Akash provider does, and stricter: ES256K only (no "none" in any spelling, no other
 * algorithm, no embedded keys), a known kid, a low-S signature by that key, {@code iss} equal to the address the key is
 * registered for, {@code exp}/{@code iat}/{@code nbf} present and checked with no leeway, {@code version} v1, the scope
 * the route needs, and a granular token only at the provider it names.
 */
@Component
class TokenVerifier {

    /** A token that passed every check: who is calling, until when, and whether the console says an administrator. */
    record Caller(String address, Instant expiresAt, boolean administrator, String kid) {}

    static final int MAX_TOKEN_CHARS = 8192;
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Set<String> HEADER_KEYS = Set.of("alg", "typ", "kid");

    private final KeyRegistryClient keys;
    private final ObjectMapper json;
    private final Clock clock;
    private final String providerAddress;
    private final Duration maxLifetime;

    TokenVerifier(
            KeyRegistryClient keys,
            ObjectMapper json,
            Clock clock,
            ProviderIdentity identity,
            ProviderProperties properties) {
        this.maxLifetime = properties.maxTokenLifetime();
        this.keys = keys;
        this.json = json;
        this.clock = clock;
        this.providerAddress = identity.address();
    }

    /** Verifies the Authorization header's bearer token for a route that needs {@code scope}. */
    Caller verify(String authorization, Scope scope) {
        if (authorization == null || authorization.isBlank()) {
            throw TokenRejectedException.invalid("Missing 'Authorization: Bearer <jwt>'.");
        }
        if (!authorization.startsWith("Bearer ")) {
            throw TokenRejectedException.invalid("The Authorization header must be 'Bearer <jwt>'.");
        }
        return verifyToken(authorization.substring("Bearer ".length()).trim(), scope);
    }

    Caller verifyToken(String token, Scope scope) {
        if (token.length() > MAX_TOKEN_CHARS) {
            throw TokenRejectedException.invalid("The token is longer than " + MAX_TOKEN_CHARS + " characters.");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3
                || !SEGMENT.matcher(parts[0]).matches()
                || !SEGMENT.matcher(parts[1]).matches()
                || !SEGMENT.matcher(parts[2]).matches()) {
            throw TokenRejectedException.invalid("The token is not a signed JWT (three base64url segments).");
        }
        JsonNode header = decode(parts[0], "header");
        for (var names = header.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!HEADER_KEYS.contains(name)) {
                throw TokenRejectedException.invalid("The token header may not carry '" + name + "'.");
            }
        }
        if (!"ES256K".equals(header.path("alg").asText(null))) {
            throw TokenRejectedException.invalid("Only ES256K tokens are accepted.");
        }
        String kid = header.path("kid").asText("");
        if (!KID.matcher(kid).matches()) {
            throw TokenRejectedException.invalid("The token has no usable kid.");
        }
        KeyRegistryClient.RegisteredKey key = keys.find(kid)
                .orElseThrow(() -> TokenRejectedException.invalid("The token was signed by an unknown key."));
        if (!Es256kSigner.verify(token, key.publicKey())) {
            throw TokenRejectedException.invalid("The token's signature is not valid.");
        }
        JsonNode claims = decode(parts[1], "payload");
        String issuer = claims.path("iss").asText("");
        if (!issuer.equals(key.address())) {
            throw TokenRejectedException.invalid("The token's issuer is not the account its key belongs to.");
        }
        if (!"v1".equals(claims.path("version").asText(null))) {
            throw TokenRejectedException.invalid("The token's version must be v1.");
        }
        long exp = seconds(claims, "exp");
        long nbf = seconds(claims, "nbf");
        long iat = seconds(claims, "iat");
        if (exp - iat > maxLifetime.toSeconds()) {
            // A key's holder could sign a token for centuries; only short-lived ones are taken, whoever signed them.
            throw TokenRejectedException.invalid("The token lives longer than this provider allows (exp - iat over "
                    + maxLifetime.toSeconds() + " s).");
        }
        long now = clock.instant().getEpochSecond();
        if (now >= exp) {
            throw TokenRejectedException.expired("The token expired at " + Instant.ofEpochSecond(exp) + ".");
        }
        if (now < nbf) {
            throw TokenRejectedException.invalid("The token is not valid before " + Instant.ofEpochSecond(nbf) + ".");
        }
        checkScope(claims.path("leases"), scope);
        return new Caller(issuer, Instant.ofEpochSecond(exp), key.administrator(), kid);
    }

    private void checkScope(JsonNode leases, Scope scope) {
        String access = leases.path("access").asText("");
        switch (access) {
            case "full" -> {
                return;
            }
            case "scoped" -> {
                if (!contains(leases.path("scope"), scope.claim)) {
                    throw TokenRejectedException.forbidden("The token lacks the '" + scope.claim + "' scope.");
                }
            }
            case "granular" -> {
                for (JsonNode permission : leases.path("permissions")) {
                    if (providerAddress.equals(permission.path("provider").asText())) {
                        String permissionAccess = permission.path("access").asText("");
                        if ("full".equals(permissionAccess) || contains(permission.path("scope"), scope.claim)) {
                            return;
                        }
                        throw TokenRejectedException.forbidden("The token lacks the '" + scope.claim + "' scope.");
                    }
                }
                throw TokenRejectedException.forbidden(
                        "The token is for another provider, not " + providerAddress + ".");
            }
            default -> throw TokenRejectedException.invalid("The token's leases claim has no valid access.");
        }
    }

    private static boolean contains(JsonNode list, String value) {
        for (JsonNode item : list) {
            if (value.equals(item.asText())) {
                return true;
            }
        }
        return false;
    }

    private static long seconds(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        if (value == null || !value.isNumber()) {
            throw TokenRejectedException.invalid("The token has no '" + name + "' time.");
        }
        // Seconds since 1970 as a whole number within year 9999: 1e300 or 2.5 is not a time.
        if (!value.canConvertToLong()
                || (!value.isIntegralNumber() && value.asDouble() != Math.rint(value.asDouble()))
                || value.asLong() < 0
                || value.asLong() > 253_402_300_799L) {
            throw TokenRejectedException.invalid("The token's '" + name + "' is not a time in whole seconds.");
        }
        return value.asLong();
    }

    private JsonNode decode(String segment, String what) {
        try {
            JsonNode node = json.readTree(new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8));
            if (node == null || !node.isObject()) {
                throw TokenRejectedException.invalid("The token " + what + " is not a JSON object.");
            }
            return node;
        } catch (TokenRejectedException e) {
            throw e;
        } catch (Exception e) {
            throw TokenRejectedException.invalid("The token " + what + " is not valid base64url JSON.");
        }
    }
}
