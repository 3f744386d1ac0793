package dev.pier.shared;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One service of a lease as its status route reports it (Akash names the ports {@code forwarded_ports}). */
public record ServiceStatus(
        String name,
        int total,
        int ready,
        List<String> uris,
        @JsonProperty("forwarded_ports") List<ForwardedPort> forwardedPorts,
        int restarts) {

    /** An exposed port and where the runtime made it reachable. */
    public record ForwardedPort(int port, int externalPort, String proto, String host) {}
}
