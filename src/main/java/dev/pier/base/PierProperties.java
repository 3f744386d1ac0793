package dev.pier.base;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Installation-wide settings.
 *
 * @param dataDir where the H2 database, the master key file and provider work directories live
 */
@ConfigurationProperties("pier")
public record PierProperties(@DefaultValue("./data") Path dataDir) {
}
