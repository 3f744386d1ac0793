package dev.pier.manifest;

/** One problem in a manifest, where it is (1-based line and column) and what to write instead. */
public record ManifestError(int line, int column, String path, String message) {

    @Override
    public String toString() {
        return "line " + line + ", column " + column + (path.isEmpty() ? "" : " (" + path + ")") + ": " + message;
    }
}
