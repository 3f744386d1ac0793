package dev.pier.provider.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.credentials.ProviderCredentials;
import dev.pier.provider.ProviderService;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

@Configuration(proxyBeanMethods = false)
class ClientConfiguration {

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
    ProviderClient providerClient(ObjectMapper json, ProviderService providers, ProviderCredentials credentials,
                                  ClientProperties properties, Clock clock, ThreadPoolTaskScheduler providerClientScheduler) {
        return new ProviderClient(json, providers, credentials, properties, clock, providerClientScheduler);
    }
}
