package dev.pier.user;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The administrator created on first start with an empty database.
 *
 * @param username the administrator's username
 * @param password the administrator's password; when blank a random one is generated and logged once
 */
@ConfigurationProperties("pier.admin")
public record AdminBootstrapProperties(
        @DefaultValue("admin") String username, @Nullable String password) {}
