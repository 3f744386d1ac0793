package dev.pier.providerapp.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a process's output into UTF-8 lines. A line longer than the cap is cut into several (at a character boundary),
 * so a program that never prints a newline cannot make the runtime buffer without bound.
 */
final class LineReader {

    private LineReader() {}

    static void read(InputStream in, int maxLineBytes, Consumer<String> onLine) throws IOException {
        byte[] chunk = new byte[8192];
        byte[] line = new byte[maxLineBytes];
        int len = 0;
        int n;
        while ((n = in.read(chunk)) >= 0) {
            for (int i = 0; i < n; i++) {
                byte b = chunk[i];
                if (b == '\n') {
                    emit(line, len, onLine);
                    len = 0;
                    continue;
                }
                if (len == maxLineBytes) {
                    // Cut before a partial character: back off while the next byte would be a continuation byte.
                    int cut = len;
                    byte next = b;
                    while (cut > len - 4 && cut > 1 && (next & 0xC0) == 0x80) {
                        cut--;
                        next = line[cut];
                    }
                    emit(line, cut, onLine);
                    System.arraycopy(line, cut, line, 0, len - cut);
                    len -= cut;
                }
                line[len++] = b;
            }
        }
        if (len > 0) {
            emit(line, len, onLine);
        }
    }

    private static void emit(byte[] line, int len, Consumer<String> onLine) {
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
        onLine.accept(new String(line, 0, len, StandardCharsets.UTF_8));
    }
}
