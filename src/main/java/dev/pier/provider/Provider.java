package dev.pier.provider;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A provider registered with this console: where its gateway listens and the address its tokens name. */
@Entity
@Table(name = "providers")
class Provider {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 90)
    private String address;

    @Column(nullable = false, length = 64)
    private String name;

    @Column(name = "host_uri", nullable = false)
    private String hostUri;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Provider() {}

    Provider(String address, String name, String hostUri, Instant createdAt) {
        this.address = address;
        this.name = name;
        this.hostUri = hostUri;
        this.createdAt = createdAt;
    }

    void update(String name, String hostUri) {
        this.name = name;
        this.hostUri = hostUri;
    }

    ProviderSummary summary() {
        return new ProviderSummary(id, address, name, hostUri, createdAt);
    }
}
