package dev.pier.deployment;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands out dseqs unique in the installation: one UPDATE of a single row, in a transaction of its own, so concurrent
 * callers (in this console or in others on the same PostgreSQL) queue on that row's lock and each gets its own number.
 * A number handed out and then not used leaves a gap, never a duplicate.
 */
@Component
class DseqAllocator {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;

    DseqAllocator(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    long next() {
        Long taken = ownTransaction.execute(status -> {
            jdbc.update("UPDATE dseq_allocator SET next_dseq = next_dseq + 1 WHERE id = 1");
            return jdbc.queryForObject("SELECT next_dseq - 1 FROM dseq_allocator WHERE id = 1", Long.class);
        });
        if (taken == null) {
            throw new IllegalStateException("the dseq allocator row is missing");
        }
        return taken;
    }
}
