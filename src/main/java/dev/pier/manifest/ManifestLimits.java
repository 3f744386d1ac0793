package dev.pier.manifest;

/**
 * What a provider accepts in one manifest, so that validation can name the line of a value over its maxima. The console
 * validates with {@link #GENERAL} (it does not know the provider's own figures); the provider with its own.
 *
 * @param maxCpuMillis most CPU one replica may ask for, in thousandths
 * @param maxMemoryBytes most memory of one replica
 * @param minMemoryBytes least memory a replica can start with
 * @param maxStorageBytes most scratch storage of one replica
 * @param minStorageBytes least storage (a file system needs some room of its own)
 * @param maxReplicas replicas of all services of the manifest together
 */
public record ManifestLimits(
        long maxCpuMillis,
        long maxMemoryBytes,
        long minMemoryBytes,
        long maxStorageBytes,
        long minStorageBytes,
        int maxReplicas) {

    public static final ManifestLimits GENERAL = new ManifestLimits(
            256_000,
            1L << 40,
            6L << 20,
            1L << 40,
            16L << 20,
            ManifestParser.MAX_SERVICES * ManifestParser.MAX_REPLICAS);
}
