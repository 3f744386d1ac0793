package dev.pier.manifest;

import java.util.List;
import java.util.Map;

/**
 * One service of a manifest.
 *
 * @param image container image; null: the provider's default image
 * @param command overrides the image's entry point, as in Kubernetes and Akash (empty: the image's own)
 * @param args overrides the image's arguments (empty: the image's own, unless {@code command} is given)
 * @param env environment variables, in the order written; they exist only inside the service's containers
 * @param expose ports the service listens on
 * @param count replicas to run
 * @param resources what one replica may use; null parts take the provider's defaults
 */
public record ServiceSpec(
        String name,
        String image,
        List<String> command,
        List<String> args,
        Map<String, String> env,
        List<Expose> expose,
        int count,
        Resources resources) {

    /** A service with the provider's default resources. */
    public ServiceSpec(
            String name,
            String image,
            List<String> command,
            List<String> args,
            Map<String, String> env,
            List<Expose> expose,
            int count) {
        this(name, image, command, args, env, expose, count, Resources.DEFAULTS);
    }

    /** A port the service listens on, and the port it is offered as. */
    public record Expose(int port, int as, String proto) {}

    /**
     * Akash's compute profile of one replica.
     *
     * @param cpuMillis thousandths of a CPU (0.5 = 500); null: the provider's default
     * @param memoryBytes memory including what is kept in /run; null: the provider's default
     * @param storageBytes the writable scratch space (/tmp) on the provider's disk; null: the provider's default
     */
    public record Resources(Long cpuMillis, Long memoryBytes, Long storageBytes) {
        public static final Resources DEFAULTS = new Resources(null, null, null);
    }
}
