package dev.pier.deployment;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

@Configuration(proxyBeanMethods = false)
class DeploymentConfiguration {

    /** Runs deployments started from the UI (they take seconds), so the UI thread only shows their progress. */
    @Bean
    ThreadPoolTaskExecutor deploymentTasks() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(2);
        executor.setMaxPoolSize(8);
        executor.setQueueCapacity(100);
        executor.setThreadNamePrefix("deployment-");
        return executor;
    }
}
