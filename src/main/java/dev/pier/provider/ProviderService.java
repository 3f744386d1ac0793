package dev.pier.provider;

import dev.pier.audit.AuditAction;
import dev.pier.audit.AuditLog;
import dev.pier.base.InvalidInputException;
import dev.pier.credentials.RegisteredProviders;
import dev.pier.shared.CosmosAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The registry of providers this console knows. */
@Service
@Transactional
public class ProviderService implements RegisteredProviders {

    private final ProviderRepository providers;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;

    ProviderService(ProviderRepository providers, Clock clock, ApplicationEventPublisher events, AuditLog audit) {
        this.audit = audit;
        this.providers = providers;
        this.clock = clock;
        this.events = events;
    }

    @Transactional(readOnly = true)
    public List<ProviderSummary> list() {
        return providers.findAllByOrderByName().stream().map(Provider::summary).toList();
    }

    @Transactional(readOnly = true)
    public Optional<ProviderSummary> findByAddress(String address) {
        return address == null
                ? Optional.empty()
                : providers.findByAddress(address).map(Provider::summary);
    }

    /** Registers a provider, or updates the name and host of one already registered under that address. */
    public ProviderSummary register(String address, String name, String hostUri) {
        if (address == null || address.isBlank()) {
            throw new InvalidInputException(
                    "address", "Give the provider's address (its identity, as its /status shows it).");
        }
        CosmosAddress.parse(address.trim());
        if (name == null || name.isBlank() || name.length() > 64) {
            throw new InvalidInputException("name", "Give a name of 1 to 64 characters.");
        }
        String host = normalizeHost(hostUri);
        Provider provider = providers
                .findByAddress(address.trim())
                .map(existing -> {
                    existing.update(name.trim(), host);
                    return existing;
                })
                .orElseGet(() -> providers.save(new Provider(address.trim(), name.trim(), host, clock.instant())));
        return provider.summary();
    }

    /** Registers a provider an administrator added (see ProviderDirectory#add), and records who did. */
    @PreAuthorize("hasRole('ADMIN')")
    public ProviderSummary add(String address, String name, String hostUri) {
        ProviderSummary added = register(address, name, hostUri);
        audit.record(
                AuditAction.PROVIDER_REGISTERED,
                "provider " + added.address(),
                "'" + added.name() + "' at " + added.hostUri());
        return added;
    }

    /** Renames a provider and, when {@code hostUri} is given, moves it to that host. */
    @PreAuthorize("hasRole('ADMIN')")
    public ProviderSummary rename(String address, String name, @Nullable String hostUri) {
        Provider provider =
                providers.findByAddress(address == null ? "" : address.trim()).orElseThrow(() -> unknown(address));
        ProviderSummary current = provider.summary();
        if (name == null || name.isBlank() || name.length() > 64) {
            throw new InvalidInputException("name", "Give a name of 1 to 64 characters.");
        }
        provider.update(name.trim(), hostUri == null || hostUri.isBlank() ? current.hostUri() : normalizeHost(hostUri));
        ProviderSummary changed = provider.summary();
        audit.record(
                AuditAction.PROVIDER_CHANGED,
                "provider " + changed.address(),
                "'" + current.name() + "' at " + current.hostUri() + " → '" + changed.name() + "' at "
                        + changed.hostUri());
        return changed;
    }

    /**
     * Removes a provider from this console. Refused while deployments on it are active (a {@link ProviderRemoving}
     * listener says how many): their leases would have nobody left to manage them.
     */
    @PreAuthorize("hasRole('ADMIN')")
    public ProviderSummary remove(String address) {
        Provider provider =
                providers.findByAddress(address == null ? "" : address.trim()).orElseThrow(() -> unknown(address));
        ProviderSummary removed = provider.summary();
        events.publishEvent(new ProviderRemoving(removed.address(), removed.name()));
        providers.delete(provider);
        audit.record(
                AuditAction.PROVIDER_REMOVED,
                "provider " + removed.address(),
                "'" + removed.name() + "' at " + removed.hostUri());
        return removed;
    }

    private static InvalidInputException unknown(@Nullable String address) {
        return new InvalidInputException(
                "address",
                "No provider " + address + " is registered with this console; "
                        + "list them with GET /api/v1/providers or in Providers.");
    }

    static String normalizeHost(String hostUri) {
        try {
            URI uri = new URI(hostUri == null ? "" : hostUri.trim());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new InvalidInputException(
                        "hostUri",
                        "Use an http:// or https:// URL with a host, e.g. https://provider.example.com:8443.");
            }
            String text = uri.toString();
            return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        } catch (URISyntaxException e) {
            throw new InvalidInputException(
                    "hostUri", "Not a valid URL: " + e.getReason() + " at index " + e.getIndex() + ".");
        }
    }

    @Override
    public boolean isRegistered(String providerAddress) {
        return providerAddress != null && findByAddress(providerAddress).isPresent();
    }
}
