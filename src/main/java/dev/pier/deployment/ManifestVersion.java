package dev.pier.deployment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One manifest a deployment ran, with who applied it and when; all are kept, so any can be applied again. */
@Entity
@Table(name = "manifest_versions")
class ManifestVersion {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "deployment_id", nullable = false)
    private long deploymentId;

    @Column(nullable = false)
    private int version;

    // A long VARCHAR rather than a CLOB: the same column type on H2 and PostgreSQL.
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 1_100_000)
    private String yaml;

    @Column(name = "applied_by", nullable = false, length = 64)
    private String appliedBy;

    @Column(name = "change_note", length = 200)
    private String changeNote;

    @Column(name = "applied_at", nullable = false)
    private Instant appliedAt;

    protected ManifestVersion() {}

    ManifestVersion(long deploymentId, int version, String yaml, String appliedBy, Instant appliedAt) {
        this(deploymentId, version, yaml, appliedBy, appliedAt, null);
    }

    ManifestVersion(
            long deploymentId, int version, String yaml, String appliedBy, Instant appliedAt, String changeNote) {
        this.changeNote = changeNote;
        this.deploymentId = deploymentId;
        this.version = version;
        this.yaml = yaml;
        this.appliedBy = appliedBy;
        this.appliedAt = appliedAt;
    }

    ManifestVersionSummary summary() {
        return new ManifestVersionSummary(version, yaml, appliedBy, appliedAt, changeNote);
    }
}
