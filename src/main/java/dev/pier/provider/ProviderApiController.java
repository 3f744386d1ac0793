package dev.pier.provider;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The providers this console knows, for scripts. */
@RestController
class ProviderApiController {

    record ProviderView(String address, String name, String hostUri, boolean online, String isolation) {}

    private final ProviderDirectory directory;

    ProviderApiController(ProviderDirectory directory) {
        this.directory = directory;
    }

    @GetMapping("/api/v1/providers")
    List<ProviderView> list() {
        return directory.list().stream()
                .map(o -> new ProviderView(
                        o.provider().address(),
                        o.provider().name(),
                        o.provider().hostUri(),
                        o.online(),
                        o.isolation()))
                .toList();
    }
}
