package dev.pier.provider;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The providers this console knows, for scripts; administrators register, change and remove them. */
@RestController
class ProviderApiController {

    record ProviderView(String address, String name, String hostUri, boolean online, String isolation) {}

    private final ProviderDirectory directory;

    ProviderApiController(ProviderDirectory directory) {
        this.directory = directory;
    }

    record RegisterRequest(String hostUri, @Nullable String name) {}

    record ChangeRequest(String name, @Nullable String hostUri) {}

    @GetMapping("/api/v1/providers")
    List<ProviderView> list() {
        return directory.list().stream().map(ProviderApiController::view).toList();
    }

    /** Administrators only: registers the provider answering at {@code hostUri} (its /status names it). */
    @PostMapping("/api/v1/providers")
    ResponseEntity<ProviderView> register(@RequestBody RegisterRequest body) {
        ProviderDirectory.ProviderOverview added = directory.add(body.hostUri(), body.name());
        return ResponseEntity.status(HttpStatus.CREATED).body(view(added));
    }

    /** Administrators only: renames a provider, or moves it to another host. */
    @PutMapping("/api/v1/providers/{address}")
    ProviderView change(@PathVariable String address, @RequestBody ChangeRequest body) {
        return view(directory.rename(address, body.name(), body.hostUri()));
    }

    /** Administrators only: removes a provider with no active deployments. */
    @DeleteMapping("/api/v1/providers/{address}")
    ResponseEntity<Void> remove(@PathVariable String address) {
        directory.remove(address);
        return ResponseEntity.noContent().build();
    }

    private static ProviderView view(ProviderDirectory.ProviderOverview o) {
        return new ProviderView(
                o.provider().address(), o.provider().name(), o.provider().hostUri(), o.online(), o.isolation());
    }
}
