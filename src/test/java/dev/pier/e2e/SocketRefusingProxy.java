package dev.pier.e2e;

import dev.pier.test.ProxyStreams;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * A reverse proxy in front of the console, as a company proxy would stand in front of Pier, that can refuse the
 * terminal socket's upgrade with 502 Bad Gateway. Everything else is piped both ways untouched. Tests use it rather
 * than the browser's own routing because the terminal socket is opened from a worker, which that routing never sees.
 */
final class SocketRefusingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int upstreamPort;
    private final IntPredicate refuse;
    private final AtomicInteger handshakes = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    /** {@code refuse} is asked with the number of each terminal-socket handshake, counted from 1. */
    SocketRefusingProxy(int upstreamPort, IntPredicate refuse) throws IOException {
        this.upstreamPort = upstreamPort;
        this.refuse = refuse;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ProxyStreams.daemon("proxy-accept", this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Terminal-socket handshakes seen so far, refused or passed on. */
    int handshakes() {
        return handshakes.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                ProxyStreams.daemon("proxy-connection", () -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client;
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            byte[] head = ProxyStreams.readHead(client.getInputStream());
            String requestLine = new String(head, StandardCharsets.ISO_8859_1)
                    .lines()
                    .findFirst()
                    .orElse("");
            if (requestLine.contains("/terminal-socket/") && refuse.test(handshakes.incrementAndGet())) {
                client.getOutputStream()
                        .write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            upstream.getOutputStream().write(head);
            Thread back = ProxyStreams.daemon("proxy-back", () -> ProxyStreams.pipe(upstream, client));
            ProxyStreams.pipe(client, upstream);
            back.join();
        } catch (IOException e) {
            // One side went away.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(client);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
