package dev.pier.account;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Account settings.
 *
 * @param addressPrefix bech32 prefix of account addresses ({@code akash} gives addresses a real Akash provider accepts)
 * @param masterKey base64 AES-256 key that encrypts private keys at rest; blank: a key file under the data directory
 * @param retiredKeyGrace how long a rotated-out key stays in the key registry; must cover the longest token lifetime
 */
@ConfigurationProperties("pier.accounts")
public record AccountProperties(
        @DefaultValue("akash") String addressPrefix,
        String masterKey,
        @DefaultValue("31m") Duration retiredKeyGrace) {}
