package dev.pier.providerapp.runtime;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * How the provider drives podman.
 *
 * @param binary the podman command
 * @param options global options before every podman command (cgroup manager, OCI runtime, events backend)
 * @param instance a short name of this provider, in every container and network name and label, so that two providers
 *     on one host never touch each other's
 * @param uidBase host uid that container root maps to (65,536 uids from there): never host root
 * @param subnetPool an IPv4 /16 the lease networks are cut from (a /24 each); the host refuses new connections from it,
 *     so containers cannot reach the provider, the console or anything else on the host
 * @param publishAddress the host address exposed ports are published on
 * @param defaultImage the image of services that name none
 * @param pull whether missing images are pulled
 * @param storageRoot where scratch volumes (loop-mounted file systems) and env files live; owner-only
 */
public record PodmanSettings(
        String binary,
        List<String> options,
        String instance,
        int uidBase,
        String subnetPool,
        String publishAddress,
        String defaultImage,
        PullPolicy pull,
        Path storageRoot) {

    /** {@code missing}: pull an image the provider does not have; {@code never}: only run images already there. */
    public enum PullPolicy {
        MISSING,
        NEVER
    }

    /** A short name for a provider address (8 hex digits of its SHA-256), for container and network names. */
    public static String instanceOf(String providerAddress) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(providerAddress.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The flags measured on these machines (hybrid cgroups v1, no systemd): see BUILD-NOTES. */
    public static final List<String> DEFAULT_OPTIONS =
            List.of("--cgroup-manager=cgroupfs", "--events-backend=file", "--runtime=runc");
}
