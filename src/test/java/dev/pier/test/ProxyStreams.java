package dev.pier.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/** What the tests' TCP proxies share: reading one HTTP request head, and piping one direction of a connection. */
public final class ProxyStreams {

    private ProxyStreams() {}

    /** The request line and headers, up to and including the blank line (empty at the end of the stream). */
    public static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int c; matched < 4 && (c = in.read()) >= 0; ) {
            head.write(c);
            matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    /** Copies everything from one socket to the other, then half-closes the other's output. */
    public static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // Closed from the other side.
        }
    }

    /** A daemon thread running {@code task}, started. */
    public static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
