package dev.pier.providerapp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.shared.LogLine;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A restarted provider carries on the lease's log numbering from its log file: resuming with after=<seq> stays
 * gap-free.
 */
class LogContinuityTest extends RuntimeTestSupport {

    @Test
    void numbering_continues_after_a_restart() {
        LeaseId lease = new LeaseId("akash1owner", 1, 1, 1);
        var manifest = manifest(service(
                "talker", 1, "sh", "-c", "i=0; while [ $i -lt 30 ]; do echo line $i; i=$((i+1)); done; sleep 1000"));
        runtime().apply(lease, manifest);
        await("30 lines", Duration.ofSeconds(10), () -> runtime.logs(lease).lastSeq() >= 30);
        long before = runtime.logs(lease).lastSeq();
        runtime.close();

        LocalRuntime restarted = runtime();
        SequencedLog<LogLine> logs = restarted.logs(lease);
        assertThat(logs.lastSeq()).isEqualTo(before);
        List<LogLine> kept = logs.readAfter(before - 5, 100, l -> true);
        assertThat(kept)
                .extracting(LogLine::seq)
                .containsExactly(before - 4, before - 3, before - 2, before - 1, before);

        restarted.apply(lease, manifest);
        await("new lines", Duration.ofSeconds(10), () -> logs.lastSeq() > before);
        assertThat(logs.readAfter(before, 1, l -> true).get(0).seq()).isEqualTo(before + 1);
    }
}
