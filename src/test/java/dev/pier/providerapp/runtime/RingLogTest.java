package dev.pier.providerapp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RingLogTest {

    record Entry(long seq, String writer) {}

    private static void append(RingLog<Entry> log, String writer) {
        log.append(seq -> new Entry(seq, writer));
    }

    @Test
    void seqs_start_at_one_and_increase_by_one() {
        var log = new RingLog<Entry>(10);
        assertThat(log.lastSeq()).isZero();
        for (int i = 0; i < 5; i++) {
            append(log, "a");
        }
        assertThat(log.readAfter(0, 100, e -> true)).extracting(Entry::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(log.lastSeq()).isEqualTo(5);
    }

    @Test
    void read_after_resumes_exactly_after_the_given_seq() {
        var log = new RingLog<Entry>(100);
        for (int i = 0; i < 20; i++) {
            append(log, i % 2 == 0 ? "even" : "odd");
        }
        assertThat(log.readAfter(7, 3, e -> true)).extracting(Entry::seq).containsExactly(8L, 9L, 10L);
        assertThat(log.readAfter(20, 10, e -> true)).isEmpty();
        assertThat(log.readAfter(10, 100, e -> e.writer().equals("odd")))
                .extracting(Entry::seq)
                .containsExactly(12L, 14L, 16L, 18L, 20L);
    }

    @Test
    void keeps_only_the_newest_entries_up_to_capacity() {
        var log = new RingLog<Entry>(4);
        for (int i = 0; i < 10; i++) {
            append(log, "a");
        }
        assertThat(log.readAfter(0, 100, e -> true)).extracting(Entry::seq).containsExactly(7L, 8L, 9L, 10L);
        assertThat(log.tail(2, e -> true)).extracting(Entry::seq).containsExactly(9L, 10L);
        assertThat(log.tail(100, e -> true)).hasSize(4);
        assertThat(log.lastSeq()).isEqualTo(10);
    }

    @Test
    void tail_returns_the_last_matching_entries_oldest_first() {
        var log = new RingLog<Entry>(100);
        for (int i = 0; i < 10; i++) {
            append(log, i < 5 ? "x" : "y");
        }
        assertThat(log.tail(3, e -> e.writer().equals("x")))
                .extracting(Entry::seq)
                .containsExactly(3L, 4L, 5L);
    }

    @Test
    void sink_sees_entries_in_seq_order_and_listeners_run_after_each_append() {
        List<Long> sunk = new ArrayList<>();
        var log = new RingLog<Entry>(100, e -> sunk.add(e.seq()));
        var calls = new AtomicInteger();
        Runnable unsubscribe = log.onAppend(calls::incrementAndGet);
        append(log, "a");
        append(log, "a");
        unsubscribe.run();
        append(log, "a");
        assertThat(sunk).containsExactly(1L, 2L, 3L);
        assertThat(calls).hasValue(2);
    }

    @Test
    void concurrent_writers_and_a_reader_see_no_gap_and_no_duplicate() throws Exception {
        int writers = 8;
        int perWriter = 5_000;
        var log = new RingLog<Entry>(writers * perWriter);
        List<Long> sunk = new ArrayList<>();
        var sinkLog = new RingLog<Entry>(writers * perWriter, e -> sunk.add(e.seq()));
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        var start = new CountDownLatch(1);
        List<Long> seen = new ArrayList<>();
        var readerDone = new CountDownLatch(1);
        pool.execute(() -> {
            // A follower: reads from its last position while writers append.
            long position = 0;
            while (position < (long) writers * perWriter) {
                for (Entry e : log.readAfter(position, 500, x -> true)) {
                    seen.add(e.seq());
                    position = e.seq();
                }
            }
            readerDone.countDown();
        });
        for (int w = 0; w < writers; w++) {
            String name = "w" + w;
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perWriter; i++) {
                    append(log, name);
                    append(sinkLog, name);
                }
            });
        }
        start.countDown();
        assertThat(readerDone.await(30, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        long total = (long) writers * perWriter;
        assertThat(seen).hasSize((int) total);
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)).isEqualTo(i + 1L);
        }
        assertThat(log.lastSeq()).isEqualTo(total);
        assertThat(log.readAfter(0, Integer.MAX_VALUE, e -> true))
                .extracting(Entry::writer)
                .filteredOn("w3"::equals)
                .hasSize(perWriter);
        assertThat(sunk).hasSize((int) total);
        assertThat(sunk.get(sunk.size() - 1)).isEqualTo(total);
    }
}
