package dev.pier.providerapp.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Host ports for exposed services, for both engines. */
final class HostPorts {

    private HostPorts() {}

    /**
     * A port free on {@code address} now. Another program could take it before the replica binds it; the replica's
     * failed start and restart would show it.
     */
    static int free(String proto, String address) {
        try {
            InetAddress host = InetAddress.getByName(address);
            if ("udp".equalsIgnoreCase(proto)) {
                try (var socket = new DatagramSocket(new InetSocketAddress(host, 0))) {
                    return socket.getLocalPort();
                }
            }
            try (var socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(host, 0));
                return socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + address, e);
        }
    }
}
