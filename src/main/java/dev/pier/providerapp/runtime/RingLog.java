package dev.pier.providerapp.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SequencedLog} over a fixed-size ring. Seqs start at 1 and are handed out under the same lock that stores the
 * entry, so readers never see a gap or a duplicate; entries older than the capacity are dropped from memory.
 */
final class RingLog<T> implements SequencedLog<T> {

    private static final Logger log = LoggerFactory.getLogger(RingLog.class);

    private final Object lock = new Object();
    private final Object[] ring;
    private final Consumer<T> sink;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private long lastSeq;
    private int size;

    /**
     * @param sink called with each new entry while the lock is held, so it sees entries in seq order (the log file); it
     *     must not call back into this log
     */
    RingLog(int capacity, Consumer<T> sink) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.ring = new Object[capacity];
        this.sink = sink;
    }

    RingLog(int capacity) {
        this(capacity, entry -> {});
    }

    /**
     * Fills an empty log with entries kept from an earlier run (oldest first, consecutive seqs), without passing them
     * to the sink again, so numbering carries on where it stopped.
     */
    void restore(List<T> entries, ToLongFunction<T> seqOf) {
        synchronized (lock) {
            if (lastSeq != 0 || entries.isEmpty()) {
                return;
            }
            for (T entry : entries) {
                long seq = seqOf.applyAsLong(entry);
                ring[index(seq)] = entry;
                lastSeq = seq;
                size = Math.min(size + 1, ring.length);
            }
        }
    }

    /** Appends the entry built for the next seq and returns it. The factory runs under the lock: keep it short. */
    T append(LongFunction<T> entryForSeq) {
        T entry;
        synchronized (lock) {
            long seq = lastSeq + 1;
            entry = entryForSeq.apply(seq);
            ring[index(seq)] = entry;
            lastSeq = seq;
            size = Math.min(size + 1, ring.length);
            try {
                sink.accept(entry);
            } catch (RuntimeException e) {
                log.warn("Log sink failed; the entry is kept in memory only", e);
            }
        }
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("Log listener failed", e);
            }
        }
        return entry;
    }

    @Override
    public List<T> readAfter(long afterSeq, int max, Predicate<T> filter) {
        List<T> out = new ArrayList<>();
        synchronized (lock) {
            for (long seq = Math.max(afterSeq + 1, oldestSeq()); seq <= lastSeq && out.size() < max; seq++) {
                T entry = at(seq);
                if (filter.test(entry)) {
                    out.add(entry);
                }
            }
        }
        return out;
    }

    @Override
    public List<T> tail(int n, Predicate<T> filter) {
        List<T> out = new ArrayList<>();
        synchronized (lock) {
            for (long seq = lastSeq; seq >= oldestSeq() && out.size() < n; seq--) {
                T entry = at(seq);
                if (filter.test(entry)) {
                    out.add(entry);
                }
            }
        }
        Collections.reverse(out);
        return out;
    }

    @Override
    public long lastSeq() {
        synchronized (lock) {
            return lastSeq;
        }
    }

    @Override
    public Runnable onAppend(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private long oldestSeq() {
        return lastSeq - size + 1;
    }

    @SuppressWarnings("unchecked")
    private T at(long seq) {
        return (T) ring[index(seq)];
    }

    private int index(long seq) {
        return (int) ((seq - 1) % ring.length);
    }
}
