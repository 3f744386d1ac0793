package dev.pier.provider.client;

import dev.pier.provider.ProviderService;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The providers this console knows, for scripts. */
@RestController
class ProviderApiController {

    record ProviderView(String address, String name, String hostUri, boolean online) {
    }

    private final ProviderService providers;
    private final ProviderClient client;
    // A listing must not wait on every provider each time: reachability is remembered for a few seconds.
    private final Cache<String, Boolean> online = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(15)).maximumSize(1000).build();

    ProviderApiController(ProviderService providers, ProviderClient client) {
        this.providers = providers;
        this.client = client;
    }

    @GetMapping("/api/v1/providers")
    List<ProviderView> list() {
        return providers.list().stream()
                .map(p -> new ProviderView(p.address(), p.name(), p.hostUri(),
                        online.get(p.hostUri(), host -> client.status(host).isPresent())))
                .toList();
    }
}
