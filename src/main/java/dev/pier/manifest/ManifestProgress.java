package dev.pier.manifest;

/** A step of sending a manifest, for the progress shown to the person waiting. */
public record ManifestProgress(Step step, int attempt, int attempts, String message) {

    public enum Step {
        VALIDATED,
        SENDING,
        WAITING_FOR_LEASE,
        APPLIED
    }
}
