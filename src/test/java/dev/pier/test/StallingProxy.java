package dev.pier.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A TCP proxy in front of a provider that never answers requests whose request line matches, as a provider stuck on one
 * route would: the connection stays open and silent. Every other request, a WebSocket upgrade included, is passed on;
 * keep-alive connections are followed request by request (bodies by Content-Length).
 */
public final class StallingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int upstreamPort;
    private final Predicate<String> stall;
    private final AtomicInteger stalled = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    public StallingProxy(int upstreamPort, Predicate<String> stall) throws IOException {
        this.upstreamPort = upstreamPort;
        this.stall = stall;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ProxyStreams.daemon("stalling-proxy", this::accept);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Requests held without an answer so far. */
    public int stalled() {
        return stalled.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                ProxyStreams.daemon("stalling-proxy-connection", () -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client;
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            open.add(upstream);
            ProxyStreams.daemon("stalling-proxy-back", () -> ProxyStreams.pipe(upstream, client));
            InputStream in = client.getInputStream();
            OutputStream out = upstream.getOutputStream();
            while (true) {
                byte[] head = ProxyStreams.readHead(in);
                if (head.length == 0) {
                    return;
                }
                String text = new String(head, StandardCharsets.ISO_8859_1);
                if (stall.test(text.lines().findFirst().orElse(""))) {
                    stalled.incrementAndGet();
                    // Hold the connection: nothing more is read or answered on it.
                    Thread.sleep(Long.MAX_VALUE);
                }
                out.write(head);
                String lower = text.toLowerCase(Locale.ROOT);
                if (lower.contains("\nupgrade:")) {
                    ProxyStreams.pipe(client, upstream);
                    return;
                }
                copyBody(in, out, contentLength(lower));
                out.flush();
            }
        } catch (IOException e) {
            // One side went away.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(client);
        }
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.startsWith("content-length:")) {
                return Long.parseLong(line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }

    /** Copies exactly the body's bytes: clients send the next request only after the answer, so no more. */
    private static void copyBody(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        for (long left = length; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("The body ended early");
            }
            out.write(buffer, 0, n);
            left -= n;
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
