package dev.pier.manifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets in a manifest: an {@code env} value names a secret as {@code ${secret:NAME}} (alone or inside a longer
 * value), and only the provider, just before the containers start, puts the value in its place. The manifest text, its
 * history and everything that shows it keep the reference, so the value is never shown.
 */
public final class SecretReferences {

    /** A secret's name: a letter, then letters, digits, '_' or '-'; at most 63 characters. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,62}");

    static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:([^}]*)}");
    static final String OPENING = "${secret:";

    private SecretReferences() {}

    /** The secret names a manifest refers to, in the order they first appear. */
    public static Set<String> names(Manifest manifest) {
        Set<String> names = new LinkedHashSet<>();
        for (ServiceSpec service : manifest.services()) {
            for (String value : service.env().values()) {
                Matcher m = REFERENCE.matcher(value);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /**
     * Where a manifest refers to a secret that {@code known} does not hold, as "services.web.env.TOKEN refers to the
     * secret 'token'", one per variable; empty when every reference is known.
     */
    public static List<String> unknown(Manifest manifest, Set<String> known) {
        List<String> problems = new ArrayList<>();
        for (ServiceSpec service : manifest.services()) {
            service.env().forEach((variable, value) -> {
                Matcher m = REFERENCE.matcher(value);
                while (m.find()) {
                    if (!known.contains(m.group(1))) {
                        problems.add("services." + service.name() + ".env." + variable + " refers to the secret '"
                                + m.group(1) + "'");
                    }
                }
            });
        }
        return problems;
    }

    /**
     * The manifest as its containers get it: every reference replaced by the secret's value. The YAML stays as written
     * (with the references), so what is stored and shown from it never holds a value.
     *
     * @throws InvalidManifestException naming each variable whose secret is not in {@code secrets}
     */
    public static Manifest resolve(Manifest manifest, Map<String, String> secrets) {
        List<String> missing = unknown(manifest, secrets.keySet());
        if (!missing.isEmpty()) {
            throw new InvalidManifestException(missing.stream()
                    .map(problem -> new ManifestError(
                            1, 1, "", problem + ", which this deployment does not have; set it first."))
                    .toList());
        }
        if (secrets.isEmpty()) {
            return manifest;
        }
        List<ServiceSpec> services = manifest.services().stream()
                .map(s -> {
                    Map<String, String> env = new LinkedHashMap<>();
                    s.env()
                            .forEach((variable, value) -> env.put(
                                    variable,
                                    REFERENCE
                                            .matcher(value)
                                            .replaceAll(m -> Matcher.quoteReplacement(secrets.get(m.group(1))))));
                    return new ServiceSpec(
                            s.name(), s.image(), s.command(), s.args(), env, s.expose(), s.count(), s.resources());
                })
                .toList();
        return new Manifest(services, manifest.yaml());
    }

    /** Why a value's references are malformed, or null when each is {@code ${secret:NAME}} with a valid name. */
    static String problemIn(String value) {
        int from = 0;
        while (true) {
            int start = value.indexOf(OPENING, from);
            if (start < 0) {
                return null;
            }
            int end = value.indexOf('}', start);
            if (end < 0) {
                return "A secret reference is written ${secret:NAME}; this one has no closing '}'.";
            }
            String name = value.substring(start + OPENING.length(), end);
            if (!NAME.matcher(name).matches()) {
                return "'" + name + "' is not a secret name: a letter, then letters, digits, '_' or '-' "
                        + "(at most 63 characters).";
            }
            from = end + 1;
        }
    }
}
