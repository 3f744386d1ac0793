package dev.pier.provider.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.runtime.LeaseEvent;
import dev.pier.runtime.LocalRuntime;
import dev.pier.runtime.LogLine;
import dev.pier.runtime.RuntimeSettings;
import dev.pier.runtime.WorkloadRuntime;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    @Bean
    Clock gatewayClock() {
        return Clock.systemUTC();
    }

    @Bean
    ProviderIdentity providerIdentity(ProviderProperties properties) {
        return ProviderIdentity.load(properties);
    }

    /** Timers: token expiry, pings, restart backoff, shell grace. */
    @Bean
    ThreadPoolTaskScheduler gatewayScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(4);
        scheduler.setThreadNamePrefix("provider-timer-");
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    /** One reader per open log or event stream; they block on the client's pace, so the pool grows with streams. */
    @Bean
    ThreadPoolTaskExecutor streamExecutor() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(4);
        executor.setMaxPoolSize(512);
        executor.setQueueCapacity(0);
        executor.setThreadNamePrefix("provider-stream-");
        return executor;
    }

    @Bean(destroyMethod = "close")
    LocalRuntime workloadRuntime(ProviderProperties properties, Clock gatewayClock, ThreadPoolTaskScheduler gatewayScheduler) {
        RuntimeSettings settings = RuntimeSettings.defaults().withShellGrace(properties.shellGrace())
                .withIsolation(properties.requireIsolation(), null);
        return new LocalRuntime(properties.dataDir().resolve("work"), properties.dataDir().resolve("logs"), settings,
                gatewayClock, gatewayScheduler.getScheduledExecutor());
    }

    @Bean
    LeaseBook leaseBook(WorkloadRuntime runtime, ObjectMapper json, Clock gatewayClock, ProviderProperties properties) {
        LeaseBook book = new LeaseBook(runtime, json, gatewayClock, properties.dataDir());
        book.restore();
        return book;
    }

    @Bean
    SequencedStreamHandler<LogLine> logStream(WorkloadRuntime runtime, ObjectMapper json, StreamGuard guard,
                                             ThreadPoolTaskExecutor streamExecutor) {
        return new SequencedStreamHandler<>(runtime::logs, LogLine::service, LogLine::seq, json, guard, streamExecutor);
    }

    @Bean
    SequencedStreamHandler<LeaseEvent> eventStream(WorkloadRuntime runtime, ObjectMapper json, StreamGuard guard,
                                                  ThreadPoolTaskExecutor streamExecutor) {
        return new SequencedStreamHandler<>(runtime::events, LeaseEvent::service, LeaseEvent::seq, json, guard, streamExecutor);
    }
}
