package dev.pier.account;

import dev.pier.user.Role;
import dev.pier.user.UserService;
import dev.pier.user.UserSummary;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public key registry providers verify tokens with (JWKS). Public, cacheable for a minute: providers re-fetch on an
 * unknown kid, so a new key is picked up at once anyway. Never any private material.
 */
@RestController
class KeyRegistryController {

    static final String PATH = "/.well-known/jwks.json";

    private final AccountService accounts;
    private final UserService users;

    KeyRegistryController(AccountService accounts, UserService users) {
        this.accounts = accounts;
        this.users = users;
    }

    @GetMapping(PATH)
    ResponseEntity<Map<String, Object>> keys() {
        var owners = new HashMap<Long, Optional<UserSummary>>();
        // A disabled user's keys leave the registry at once: providers re-read it within seconds and refuse them.
        List<Map<String, Object>> keys = accounts.publishedKeys().stream()
                .filter(key -> owners.computeIfAbsent(key.userId(), users::find)
                        .map(u -> u.enabled())
                        .orElse(false))
                .map(key -> {
                    Map<String, Object> jwk =
                            new LinkedHashMap<>(key.publicJwk().toPublicJWK().toJSONObject());
                    jwk.put("use", "sig");
                    jwk.put("alg", "ES256K");
                    jwk.put("address", key.address());
                    // A provider without isolation runs plain host processes, for administrators only; it reads this
                    // mark.
                    if (owners.get(key.userId())
                            .map(u -> u.role() == Role.ADMIN)
                            .orElse(false)) {
                        jwk.put("pier_admin", true);
                    }
                    return jwk;
                })
                .toList();
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofSeconds(5)).cachePublic())
                .body(Map.of("keys", keys));
    }
}
