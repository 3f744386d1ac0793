package dev.pier.deployment;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface ManifestVersionRepository extends JpaRepository<ManifestVersion, Long> {

    List<ManifestVersion> findByDeploymentIdOrderByVersionDesc(long deploymentId);
}
