package dev.pier.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.credentials.ProviderCredentials;
import dev.pier.provider.client.ClientProperties;
import dev.pier.provider.client.ProviderClient;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** The console's one provider client, reaching providers at the addresses registered here. */
@Configuration(proxyBeanMethods = false)
class ProviderConfiguration {

    /** Connects streams (taking tokens, which may block briefly) and times reconnects and renewals. */
    @Bean
    ThreadPoolTaskScheduler providerClientScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(4);
        scheduler.setThreadNamePrefix("provider-client-");
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    @Bean
    ProviderClient providerClient(
            ObjectMapper json,
            ProviderService providers,
            ProviderCredentials credentials,
            ClientProperties properties,
            Clock clock,
            ThreadPoolTaskScheduler providerClientScheduler) {
        return new ProviderClient(
                json,
                provider -> providers
                        .findByAddress(provider)
                        .orElseThrow(() -> new IllegalArgumentException("No provider " + provider + " is registered."))
                        .hostUri(),
                credentials,
                properties,
                clock,
                providerClientScheduler);
    }
}
