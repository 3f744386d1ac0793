package dev.pier.providerapp.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.base.OwnerOnlyFiles;
import dev.pier.manifest.ManifestLimits;
import dev.pier.providerapp.runtime.KubernetesRuntime;
import dev.pier.providerapp.runtime.LocalRuntime;
import dev.pier.providerapp.runtime.PodmanSettings;
import dev.pier.providerapp.runtime.RuntimeChoice;
import dev.pier.providerapp.runtime.RuntimeSettings;
import dev.pier.providerapp.runtime.WorkloadRuntime;
import dev.pier.shared.LeaseEvent;
import dev.pier.shared.LogLine;
import java.nio.file.Path;
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

    /**
     * Log and event streams' readers while they have something to send (an idle stream holds no thread); a send blocks
     * at the client's pace, so the pool grows with the streams sending at once and shrinks when they go idle.
     */
    @Bean
    ThreadPoolTaskExecutor streamExecutor() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(4);
        executor.setMaxPoolSize(512);
        executor.setQueueCapacity(0);
        executor.setKeepAliveSeconds(10);
        executor.setThreadNamePrefix("provider-stream-");
        return executor;
    }

    @Bean(destroyMethod = "close")
    WorkloadRuntime workloadRuntime(
            ProviderProperties properties,
            ProviderIdentity identity,
            Clock gatewayClock,
            ThreadPoolTaskScheduler gatewayScheduler) {
        if (properties.runtime() == RuntimeChoice.KUBERNETES) {
            return kubernetesRuntime(properties, gatewayScheduler);
        }
        var limits = properties.limits();
        var defaults = new RuntimeSettings.ReplicaDefaults(
                Math.round(limits.cpu() * 1000),
                limits.memory().toBytes(),
                limits.storage().toBytes(),
                limits.pids());
        RuntimeSettings settings = RuntimeSettings.defaults()
                .withShellGrace(properties.shellGrace())
                .withCapacity(limits.maxReplicas(), defaults);
        var podman = properties.podman();
        Path dataDir = properties.dataDir().toAbsolutePath().normalize();
        var podmanSettings = new PodmanSettings(
                podman.binary(),
                podman.options(),
                PodmanSettings.instanceOf(identity.address()),
                podman.uidBase(),
                podman.subnetPool(),
                podman.publishAddress(),
                properties.images().defaultImage(),
                properties.images().pull(),
                dataDir.resolve("containers"));
        return LocalRuntime.create(
                properties.runtime(),
                podmanSettings,
                dataDir.resolve("work"),
                dataDir.resolve("logs"),
                settings,
                gatewayClock,
                gatewayScheduler.getScheduledExecutor());
    }

    private static KubernetesRuntime kubernetesRuntime(
            ProviderProperties properties, ThreadPoolTaskScheduler gatewayScheduler) {
        var cluster = properties.kubernetes();
        var defaults = KubernetesRuntime.Settings.of(
                cluster.publicHost(), properties.images().defaultImage());
        var settings = new KubernetesRuntime.Settings(
                cluster.namespacePrefix(),
                cluster.serviceType().kind,
                cluster.ingressHost(),
                cluster.ingressClass(),
                defaults.defaultImage(),
                defaults.publicHost(),
                cluster.closeTimeout(),
                defaults.logReopenAfter(),
                defaults.logRingCapacity(),
                defaults.eventRingCapacity(),
                properties.shellGrace());
        return new KubernetesRuntime(
                KubernetesRuntime.connect(cluster.kubeconfig(), cluster.context(), cluster.masterUrl()),
                settings,
                gatewayScheduler.getScheduledExecutor());
    }

    /** What this provider accepts in a manifest, so that validation names the line of a value over its maxima. */
    @Bean
    ManifestLimits manifestLimits(ProviderProperties properties) {
        var limits = properties.limits();
        return new ManifestLimits(
                Math.round(limits.maxCpu() * 1000),
                limits.maxMemory().toBytes(),
                ManifestLimits.GENERAL.minMemoryBytes(),
                limits.maxStorage().toBytes(),
                ManifestLimits.GENERAL.minStorageBytes(),
                limits.maxReplicasPerLease());
    }

    @Bean
    LeaseBook leaseBook(WorkloadRuntime runtime, ObjectMapper json, Clock gatewayClock, ProviderProperties properties) {
        LeaseBook book = new LeaseBook(runtime, json, gatewayClock, properties.dataDir());
        // A standalone provider's data (leases, logs, identity) is its owner's alone, as the console's is.
        OwnerOnlyFiles.restrict(OwnerOnlyFiles.directory(properties.dataDir()));
        book.restore();
        return book;
    }

    @Bean
    SequencedStreamHandler<LogLine> logStream(
            WorkloadRuntime runtime, ObjectMapper json, StreamGuard guard, ThreadPoolTaskExecutor streamExecutor) {
        return new SequencedStreamHandler<>(runtime::logs, LogLine::service, LogLine::seq, json, guard, streamExecutor);
    }

    @Bean
    SequencedStreamHandler<LeaseEvent> eventStream(
            WorkloadRuntime runtime, ObjectMapper json, StreamGuard guard, ThreadPoolTaskExecutor streamExecutor) {
        return new SequencedStreamHandler<>(
                runtime::events, LeaseEvent::service, LeaseEvent::seq, json, guard, streamExecutor);
    }
}
