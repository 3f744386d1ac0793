package dev.pier.manifest;

import java.util.List;
import java.util.stream.Collectors;

/** A manifest was refused; every error names its line and column. Nothing was applied. */
public class InvalidManifestException extends RuntimeException {

    private final List<ManifestError> errors;

    public InvalidManifestException(List<ManifestError> errors) {
        super(errors.stream().map(ManifestError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<ManifestError> errors() {
        return errors;
    }
}
