package dev.pier.providerapp.runtime;

import java.util.List;
import java.util.function.Predicate;

/**
 * An append-only, bounded sequence of entries numbered by a monotonic seq (logs or events of one lease). Readers pull
 * from a position, so a slow reader never makes the writer buffer for it.
 */
public interface SequencedLog<T> {

    /** Up to {@code max} entries with seq greater than {@code afterSeq} that match, oldest first. */
    List<T> readAfter(long afterSeq, int max, Predicate<T> filter);

    /** The last {@code n} matching entries, oldest first. */
    List<T> tail(int n, Predicate<T> filter);

    /** The seq of the newest entry, 0 when empty. */
    long lastSeq();

    /** Called (on the writer's thread; keep it short) after each append. Returns the way to stop listening. */
    Runnable onAppend(Runnable listener);
}
