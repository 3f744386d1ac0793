package dev.pier.manifest;

import java.util.List;
import java.util.Map;

/**
 * One service of a manifest.
 *
 * @param image   container image, used by cluster runtimes
 * @param command program and arguments the local runtime starts (empty: the image's entry point)
 * @param args    further arguments after {@code command}
 * @param env     environment variables, in the order written
 * @param expose  ports the service listens on
 * @param count   replicas to run
 */
public record ServiceSpec(String name, String image, List<String> command, List<String> args, Map<String, String> env,
                          List<Expose> expose, int count) {

    /** A port the service listens on, and the port it is offered as. */
    public record Expose(int port, int as, String proto) {
    }
}
