package dev.pier.providerapp.runtime;

import java.util.List;

/** One service of a lease as its status route reports it. */
public record ServiceStatus(String name, int total, int ready, List<String> uris, List<ForwardedPort> forwardedPorts,
                            int restarts) {

    /** An exposed port and where the runtime made it reachable. */
    public record ForwardedPort(int port, int externalPort, String proto, String host) {
    }
}
