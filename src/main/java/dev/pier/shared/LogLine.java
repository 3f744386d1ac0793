package dev.pier.shared;

import java.time.Instant;

/**
 * One captured line. {@code seq} increases by one per line within a lease, so a reader that saw seq n resumes after n
 * with no gap and no duplicate. {@code stream} is "stdout" or "stderr".
 */
public record LogLine(long seq, Instant ts, String service, int replica, String stream, String message)
        implements Sequenced {}
