package dev.pier.manifest;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a manifest strictly (see docs/manifest.md): unknown keys, bad names, bad ports, duplicate services or
 * variables, wrong types and oversized input are all refused, each error with its line and column. It works on
 * SnakeYAML's node tree rather than on loaded objects, because only the nodes still know where they were written.
 */
public final class ManifestParser {

    public static final int MAX_BYTES = 1024 * 1024;
    public static final int MAX_REPLICAS = 10;
    /** Services in one manifest: each costs the provider threads and a container per replica. */
    public static final int MAX_SERVICES = 20;
    /** What the YAML may grow to once aliases are expanded (a few KB of aliases can name megabytes). */
    public static final int MAX_EXPANDED_CHARS = MAX_BYTES;
    /** command + args + env of one service: they become a container's argv and environment on every start. */
    public static final int MAX_SERVICE_CHARS = 64 * 1024;

    private static final Pattern QUANTITY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|K|M|G|T|m)?");
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    /** A container image reference: [registry[:port]/]path[:tag][@digest], no spaces or option-like leading dash. */
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@+-]{0,254}");

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> TOP_KEYS = Set.of("version", "services");
    private static final Set<String> SERVICE_KEYS =
            Set.of("image", "command", "args", "env", "expose", "count", "resources");
    private static final Set<String> RESOURCE_KEYS = Set.of("cpu", "memory", "storage");
    private static final Set<String> EXPOSE_KEYS = Set.of("port", "as", "proto");

    private final List<ManifestError> errors = new ArrayList<>();
    private final ManifestLimits limits;

    private ManifestParser(ManifestLimits limits) {
        this.limits = limits;
    }

    /** Parses and validates; throws {@link InvalidManifestException} listing every error found. */
    public static Manifest parse(String yaml) {
        return parse(yaml, ManifestLimits.GENERAL);
    }

    /** Parses and validates against a provider's limits. */
    public static Manifest parse(String yaml, ManifestLimits limits) {
        return new ManifestParser(limits).read(yaml);
    }

    private Manifest read(String yaml) {
        if (yaml == null || yaml.isBlank()) {
            throw fail(1, 1, "", "The manifest is empty; it needs 'version: \"1\"' and a 'services' map.");
        }
        if (yaml.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw fail(1, 1, "", "The manifest is larger than 1 MiB; keep it under " + MAX_BYTES + " bytes.");
        }
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            options.setAllowRecursiveKeys(false);
            options.setCodePointLimit(MAX_BYTES);
            root = new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
            if (problem.contains("found duplicate key")) {
                problem = problem.replace("found duplicate key", "duplicate key") + "; each name may appear once";
            }
            throw fail(
                    mark == null ? 1 : mark.getLine() + 1,
                    mark == null ? 1 : mark.getColumn() + 1,
                    "",
                    "Not valid YAML: " + problem);
        } catch (YAMLException e) {
            throw fail(1, 1, "", "Not valid YAML: " + e.getMessage());
        }
        if (root != null && expandedChars(root, new int[1]) > MAX_EXPANDED_CHARS) {
            throw fail(
                    1,
                    1,
                    "",
                    "The manifest grows beyond 1 MiB once its aliases are expanded; write the values out "
                            + "or use fewer aliases.");
        }
        if (!(root instanceof MappingNode top)) {
            throw fail(
                    root == null ? 1 : line(root),
                    root == null ? 1 : column(root),
                    "",
                    "The manifest must be a map with 'version' and 'services'.");
        }
        List<ServiceSpec> services = readTop(top);
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparingInt(ManifestError::line).thenComparingInt(ManifestError::column));
            throw new InvalidManifestException(errors);
        }
        return new Manifest(services, yaml);
    }

    private List<ServiceSpec> readTop(MappingNode top) {
        Map<String, NodeTuple> keys = keys(top, TOP_KEYS, "");
        NodeTuple version = keys.get("version");
        if (version == null) {
            error(top, "", "Missing 'version'; write version: \"1\".");
        } else if (!"1".equals(scalar(version.getValueNode(), "version"))) {
            error(version.getValueNode(), "version", "Only version \"1\" is supported.");
        }
        NodeTuple servicesTuple = keys.get("services");
        if (servicesTuple == null) {
            error(top, "", "Missing 'services': list at least one service.");
            return List.of();
        }
        if (!(servicesTuple.getValueNode() instanceof MappingNode servicesNode)
                || servicesNode.getValue().isEmpty()) {
            error(
                    servicesTuple.getValueNode(),
                    "services",
                    "'services' must map service names to their settings, with at least one service.");
            return List.of();
        }
        if (servicesNode.getValue().size() > MAX_SERVICES) {
            error(
                    servicesTuple.getValueNode(),
                    "services",
                    "A manifest may have at most " + MAX_SERVICES + " services (this one has "
                            + servicesNode.getValue().size() + ").");
            return List.of();
        }
        List<ServiceSpec> services = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (NodeTuple tuple : servicesNode.getValue()) {
            String name = scalar(tuple.getKeyNode(), "services");
            if (name == null) {
                continue;
            }
            if (!names.add(name)) {
                error(
                        tuple.getKeyNode(),
                        "services." + name,
                        "duplicate key " + name + ": each service name may appear once.");
                continue;
            }
            if (!SERVICE_NAME.matcher(name).matches()) {
                error(
                        tuple.getKeyNode(),
                        "services." + name,
                        "Service names use lowercase letters, digits and '-', start with a letter and have at "
                                + "most 63 characters.");
            }
            ServiceSpec service = readService(name, tuple.getKeyNode(), tuple.getValueNode());
            if (service != null) {
                services.add(service);
            }
        }
        int replicas = services.stream().mapToInt(ServiceSpec::count).sum();
        if (replicas > limits.maxReplicas()) {
            error(
                    servicesTuple.getKeyNode(),
                    "services",
                    "The manifest asks for " + replicas + " replicas in all; " + "this provider runs at most "
                            + limits.maxReplicas() + " for one deployment.");
        }
        return services;
    }

    private ServiceSpec readService(String name, Node nameNode, Node node) {
        String path = "services." + name;
        if (!(node instanceof MappingNode map)) {
            error(node, path, "A service is a map of image, command, args, env, expose, count and resources.");
            return null;
        }
        Map<String, NodeTuple> keys = keys(map, SERVICE_KEYS, path);
        String image = keys.containsKey("image") ? scalar(keys.get("image").getValueNode(), path + ".image") : null;
        List<String> command = keys.containsKey("command")
                ? strings(keys.get("command").getValueNode(), path + ".command")
                : List.of();
        List<String> args =
                keys.containsKey("args") ? strings(keys.get("args").getValueNode(), path + ".args") : List.of();
        if (image != null && image.isBlank()) {
            image = null;
        }
        if (image != null && !IMAGE.matcher(image).matches()) {
            error(
                    keys.get("image").getValueNode(),
                    path + ".image",
                    "An image is a reference such as busybox:1.36 or ghcr.io/org/app@sha256:… (got '" + image + "').");
        }
        Map<String, String> env =
                keys.containsKey("env") ? env(keys.get("env").getValueNode(), path + ".env") : Map.of();
        List<ServiceSpec.Expose> expose =
                keys.containsKey("expose") ? expose(keys.get("expose").getValueNode(), path + ".expose") : List.of();
        int count = 1;
        if (keys.containsKey("count")) {
            Node countNode = keys.get("count").getValueNode();
            Integer value = integer(countNode, path + ".count");
            if (value != null && (value < 1 || value > MAX_REPLICAS)) {
                error(countNode, path + ".count", "count must be between 1 and " + MAX_REPLICAS + ".");
            } else if (value != null) {
                count = value;
            }
        }
        ServiceSpec.Resources resources = keys.containsKey("resources")
                ? resources(keys.get("resources").getValueNode(), path + ".resources")
                : ServiceSpec.Resources.DEFAULTS;
        long chars = command.stream().mapToLong(String::length).sum()
                + args.stream().mapToLong(String::length).sum()
                + env.entrySet().stream()
                        .mapToLong(e -> e.getKey().length() + e.getValue().length() + 1)
                        .sum();
        if (chars > MAX_SERVICE_CHARS) {
            error(
                    nameNode,
                    path,
                    "command, args and env of a service may hold at most " + MAX_SERVICE_CHARS / 1024
                            + " KiB together (this one " + chars / 1024 + " KiB).");
        }
        return new ServiceSpec(name, image, command, args, env, expose, count, resources);
    }

    /** cpu in units (0.5, or 500m), memory and storage in bytes with Ki/Mi/Gi/Ti or k/M/G/T suffixes. */
    private ServiceSpec.Resources resources(Node node, String path) {
        if (!(node instanceof MappingNode map)) {
            error(node, path, "resources is a map such as {cpu: 0.5, memory: 512Mi, storage: 1Gi}.");
            return ServiceSpec.Resources.DEFAULTS;
        }
        Map<String, NodeTuple> keys = keys(map, RESOURCE_KEYS, path);
        Long cpu = resource(keys.get("cpu"), "units", path + ".cpu", true, 1, limits.maxCpuMillis());
        Long memory = resource(
                keys.get("memory"), "size", path + ".memory", false, limits.minMemoryBytes(), limits.maxMemoryBytes());
        Long storage = resource(
                keys.get("storage"),
                "size",
                path + ".storage",
                false,
                limits.minStorageBytes(),
                limits.maxStorageBytes());
        return new ServiceSpec.Resources(cpu, memory, storage);
    }

    private Long resource(NodeTuple tuple, String akashKey, String path, boolean cpu, long min, long max) {
        if (tuple == null) {
            return null;
        }
        Node node = akashValue(tuple.getValueNode(), akashKey);
        Long value = quantity(node, path, cpu);
        if (value != null && (value < min || value > max)) {
            error(
                    node,
                    path,
                    "Must be between "
                            + (cpu
                                    ? cpuText(min) + " and " + cpuText(max) + " CPUs"
                                    : bytesText(min) + " and " + bytesText(max))
                            + " on this provider.");
            return null;
        }
        return value;
    }

    static String cpuText(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }

    /** 64Mi, 1.5Gi: the way manifests write sizes. */
    public static String bytesText(long bytes) {
        String[] units = {"", "Ki", "Mi", "Gi", "Ti"};
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return BigDecimal.valueOf(value)
                        .setScale(1, RoundingMode.HALF_UP)
                        .stripTrailingZeros()
                        .toPlainString()
                + units[unit];
    }

    /** Akash writes {@code cpu: {units: 0.5}} and {@code memory: {size: 512Mi}}; the short form is the value alone. */
    private static Node akashValue(Node node, String key) {
        if (node instanceof MappingNode map
                && map.getValue().size() == 1
                && map.getValue().get(0).getKeyNode() instanceof ScalarNode k
                && key.equals(k.getValue())) {
            return map.getValue().get(0).getValueNode();
        }
        return node;
    }

    /** A positive quantity: CPU in thousandths of a unit, or bytes. */
    private Long quantity(Node node, String path, boolean cpu) {
        String text = scalar(node, path);
        if (text == null) {
            return null;
        }
        var matcher = QUANTITY.matcher(text.trim());
        String example = cpu ? "a number of CPUs such as 0.5, 2 or 250m" : "a size such as 512Mi, 1Gi or 1000M";
        if (!matcher.matches()
                || (cpu ? !(matcher.group(2) == null || "m".equals(matcher.group(2))) : "m".equals(matcher.group(2)))) {
            error(node, path, "Expected " + example + " (got '" + text + "').");
            return null;
        }
        BigDecimal amount = new BigDecimal(matcher.group(1));
        String unit = matcher.group(2) == null ? "" : matcher.group(2);
        BigDecimal factor = BigDecimal.valueOf(
                switch (unit) {
                    case "m" -> 1L;
                    case "Ki" -> 1L << 10;
                    case "Mi" -> 1L << 20;
                    case "Gi" -> 1L << 30;
                    case "Ti" -> 1L << 40;
                    case "k", "K" -> 1_000L;
                    case "M" -> 1_000_000L;
                    case "G" -> 1_000_000_000L;
                    case "T" -> 1_000_000_000_000L;
                    default -> cpu ? 1_000L : 1L;
                });
        BigDecimal value = amount.multiply(factor);
        if (value.signum() <= 0 || value.compareTo(BigDecimal.valueOf(1L << 50)) > 0) {
            error(node, path, "Expected " + example + " greater than zero (got '" + text + "').");
            return null;
        }
        return value.setScale(0, RoundingMode.CEILING).longValueExact();
    }

    private Map<String, String> env(Node node, String path) {
        Map<String, String> env = new LinkedHashMap<>();
        if (!(node instanceof SequenceNode list)) {
            error(node, path, "env is a list of NAME=value strings.");
            return env;
        }
        for (Node item : list.getValue()) {
            String entry = scalar(item, path);
            if (entry == null) {
                continue;
            }
            int eq = entry.indexOf('=');
            String key = eq < 0 ? entry : entry.substring(0, eq);
            if (eq < 0 || !ENV_NAME.matcher(key).matches()) {
                error(
                        item,
                        path,
                        "Write each variable as NAME=value, NAME made of letters, digits and '_' (got '" + entry
                                + "').");
            } else if (entry.indexOf('\n') >= 0 || entry.indexOf('\r') >= 0 || entry.indexOf('\0') >= 0) {
                error(item, path, "The value of " + key + " may not contain line breaks or NUL characters.");
            } else if (SecretReferences.problemIn(entry.substring(eq + 1)) != null) {
                error(item, path, SecretReferences.problemIn(entry.substring(eq + 1)));
            } else if (env.put(key, entry.substring(eq + 1)) != null) {
                error(item, path, "The variable " + key + " is set twice.");
            }
        }
        return env;
    }

    /**
     * Characters of all scalars as a reader that expands aliases sees them. Counting stops past the limit, and
     * {@code visits} bounds the walk (a recursive alias would otherwise never end).
     */
    private static long expandedChars(Node node, int[] visits) {
        if (++visits[0] > 1_000_000) {
            return Long.MAX_VALUE;
        }
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue().length();
        }
        List<Node> children = new ArrayList<>();
        if (node instanceof SequenceNode list) {
            children.addAll(list.getValue());
        } else if (node instanceof MappingNode map) {
            map.getValue().forEach(t -> {
                children.add(t.getKeyNode());
                children.add(t.getValueNode());
            });
        }
        long total = 0;
        for (Node child : children) {
            total += expandedChars(child, visits);
            if (total > MAX_EXPANDED_CHARS || total < 0) {
                return Long.MAX_VALUE;
            }
        }
        return total;
    }

    private List<ServiceSpec.Expose> expose(Node node, String path) {
        List<ServiceSpec.Expose> ports = new ArrayList<>();
        if (!(node instanceof SequenceNode list)) {
            error(node, path, "expose is a list of {port, as, proto} entries.");
            return ports;
        }
        Set<Integer> seen = new HashSet<>();
        for (Node item : list.getValue()) {
            if (!(item instanceof MappingNode map)) {
                error(item, path, "Each expose entry is a map such as {port: 8080, as: 80}.");
                continue;
            }
            Map<String, NodeTuple> keys = keys(map, EXPOSE_KEYS, path);
            if (!keys.containsKey("port")) {
                error(map, path, "Missing 'port'.");
                continue;
            }
            Integer port = port(keys.get("port").getValueNode(), path + ".port");
            Integer as = keys.containsKey("as") ? port(keys.get("as").getValueNode(), path + ".as") : port;
            String proto =
                    keys.containsKey("proto") ? scalar(keys.get("proto").getValueNode(), path + ".proto") : "tcp";
            if (proto != null && !proto.equals("tcp") && !proto.equals("udp")) {
                error(keys.get("proto").getValueNode(), path + ".proto", "proto is tcp or udp.");
            }
            if (port != null && !seen.add(port)) {
                error(keys.get("port").getValueNode(), path + ".port", "Port " + port + " is exposed twice.");
            }
            if (port != null && as != null) {
                ports.add(new ServiceSpec.Expose(port, as, proto == null ? "tcp" : proto));
            }
        }
        return ports;
    }

    private Integer port(Node node, String path) {
        Integer value = integer(node, path);
        if (value != null && (value < 1 || value > 65535)) {
            error(node, path, "A port is a whole number from 1 to 65535 (got " + value + ").");
            return null;
        }
        return value;
    }

    private Integer integer(Node node, String path) {
        String text = scalar(node, path);
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            error(node, path, "Expected a whole number, got '" + text + "'.");
            return null;
        }
    }

    private List<String> strings(Node node, String path) {
        if (node instanceof ScalarNode) {
            String single = scalar(node, path);
            return single == null ? List.of() : List.of(single);
        }
        if (!(node instanceof SequenceNode list)) {
            error(node, path, "Expected a list of strings.");
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (Node item : list.getValue()) {
            String value = scalar(item, path);
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    private Map<String, NodeTuple> keys(MappingNode map, Set<String> allowed, String path) {
        Map<String, NodeTuple> keys = new LinkedHashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            String key = scalar(tuple.getKeyNode(), path);
            if (key == null) {
                continue;
            }
            if (keys.containsKey(key)) {
                error(
                        tuple.getKeyNode(),
                        path.isEmpty() ? key : path + "." + key,
                        "duplicate key " + key + ": it may appear once.");
            } else if (!allowed.contains(key)) {
                error(
                        tuple.getKeyNode(),
                        path.isEmpty() ? key : path + "." + key,
                        "Unknown key '" + key + "'; allowed here: " + String.join(", ", new TreeSet<>(allowed)) + ".");
            } else {
                keys.put(key, tuple);
            }
        }
        return keys;
    }

    private String scalar(Node node, String path) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        error(
                node,
                path,
                "Expected a single value here, not a " + (node instanceof SequenceNode ? "list" : "map") + ".");
        return null;
    }

    private void error(Node node, String path, String message) {
        errors.add(new ManifestError(line(node), column(node), path, message));
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }

    private static int column(Node node) {
        return node.getStartMark() == null ? 1 : node.getStartMark().getColumn() + 1;
    }

    private static InvalidManifestException fail(int line, int column, String path, String message) {
        return new InvalidManifestException(List.of(new ManifestError(line, column, path, message)));
    }
}
