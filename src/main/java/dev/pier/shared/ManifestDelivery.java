package dev.pier.shared;

import java.util.Map;

/**
 * A manifest with the values of the secrets it refers to, as the console sends it to a provider (content type
 * {@link #CONTENT_TYPE}; a plain YAML body still works for manifests without secrets). The provider keeps the manifest
 * as written and puts the values only into the containers' environment.
 */
public record ManifestDelivery(String manifest, Map<String, String> secrets) {

    public static final String CONTENT_TYPE = "application/vnd.pier.manifest+json";

    public ManifestDelivery {
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
    }

    @Override
    public String toString() {
        // Never the values: a record printed in a log or an error must not carry them.
        return "ManifestDelivery[manifest=" + (manifest == null ? 0 : manifest.length()) + " chars, secrets="
                + secrets.keySet() + "]";
    }
}
