package dev.pier.account;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an undecryptable key at start-up into a plain statement of what is wrong and what to do. */
class MasterKeyFailureAnalyzer extends AbstractFailureAnalyzer<MasterKeyMismatchException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MasterKeyMismatchException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Start Pier with the master key the accounts were created with: set PIER_MASTER_KEY to it, or restore "
                        + "the key file (data directory/master.key). Pier has not changed or replaced any key.",
                cause);
    }
}
