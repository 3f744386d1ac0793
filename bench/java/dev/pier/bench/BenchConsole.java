package dev.pier.bench;

import dev.pier.PierApplication;
import dev.pier.account.AccountService;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.provider.ProviderService;
import dev.pier.provider.ProviderSummary;
import dev.pier.test.TestImages;
import dev.pier.user.UserService;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole system in the benchmark's JVM (console and embedded provider, reached over HTTP/WebSocket), with a fresh
 * data directory and in-memory database, workloads in the offline test image, and its administrator's account.
 */
public final class BenchConsole implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "benchmark-admin-password";

    public final ConfigurableApplicationContext context;
    public final int port;
    public final long adminId;
    public final long accountId;
    public final ProviderSummary provider;

    private BenchConsole(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.adminId = context.getBean(UserService.class)
                .credentials("admin")
                .orElseThrow()
                .id();
        this.accountId =
                context.getBean(AccountService.class).defaultAccountOf(adminId).id();
        this.provider = context.getBean(ProviderService.class).list().get(0);
    }

    /**
     * Starts it; {@code database} names the in-memory database (one per benchmark), {@code settings} are more
     * {@code --name=value} arguments.
     */
    public static BenchConsole start(String database, String... settings) {
        TestImages.useForBenchmarks();
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--pier.provider-port=0",
                "--pier.data-dir=target/bench-data/" + UUID.randomUUID(),
                "--spring.datasource.url=jdbc:h2:mem:" + database,
                "--pier.admin.password=" + ADMIN_PASSWORD,
                "--logging.level.root=warn"));
        args.addAll(List.of(settings));
        return new BenchConsole(SpringApplication.run(PierApplication.class, args.toArray(String[]::new)));
    }

    /** A deployment of the administrator's account on the embedded provider. */
    public DeploymentSummary deploy(String name, String manifest) {
        return context.getBean(DeploymentService.class)
                .create(adminId, "admin", accountId, provider.address(), name, manifest, step -> {});
    }

    @Override
    public void close() {
        context.close();
    }
}
