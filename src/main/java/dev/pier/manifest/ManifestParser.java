package dev.pier.manifest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
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
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> TOP_KEYS = Set.of("version", "services");
    private static final Set<String> SERVICE_KEYS = Set.of("image", "command", "args", "env", "expose", "count");
    private static final Set<String> EXPOSE_KEYS = Set.of("port", "as", "proto");

    private final List<ManifestError> errors = new ArrayList<>();

    private ManifestParser() {
    }

    /** Parses and validates; throws {@link InvalidManifestException} listing every error found. */
    public static Manifest parse(String yaml) {
        return new ManifestParser().read(yaml);
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
            root = new Yaml(options).compose(new java.io.StringReader(yaml));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
            if (problem.contains("found duplicate key")) {
                problem = problem.replace("found duplicate key", "duplicate key") + "; each name may appear once";
            }
            throw fail(mark == null ? 1 : mark.getLine() + 1, mark == null ? 1 : mark.getColumn() + 1, "", "Not valid YAML: " + problem);
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw fail(1, 1, "", "Not valid YAML: " + e.getMessage());
        }
        if (!(root instanceof MappingNode top)) {
            throw fail(root == null ? 1 : line(root), root == null ? 1 : column(root), "",
                    "The manifest must be a map with 'version' and 'services'.");
        }
        List<ServiceSpec> services = readTop(top);
        if (!errors.isEmpty()) {
            errors.sort(java.util.Comparator.comparingInt(ManifestError::line).thenComparingInt(ManifestError::column));
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
        if (!(servicesTuple.getValueNode() instanceof MappingNode servicesNode) || servicesNode.getValue().isEmpty()) {
            error(servicesTuple.getValueNode(), "services", "'services' must map service names to their settings, with at least one service.");
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
                error(tuple.getKeyNode(), "services." + name, "duplicate key " + name + ": each service name may appear once.");
                continue;
            }
            if (!SERVICE_NAME.matcher(name).matches()) {
                error(tuple.getKeyNode(), "services." + name,
                        "Service names use lowercase letters, digits and '-', start with a letter and have at most 63 characters.");
            }
            ServiceSpec service = readService(name, tuple.getKeyNode(), tuple.getValueNode());
            if (service != null) {
                services.add(service);
            }
        }
        return services;
    }

    private ServiceSpec readService(String name, Node nameNode, Node node) {
        String path = "services." + name;
        if (!(node instanceof MappingNode map)) {
            error(node, path, "A service is a map of image, command, args, env, expose and count.");
            return null;
        }
        Map<String, NodeTuple> keys = keys(map, SERVICE_KEYS, path);
        String image = keys.containsKey("image") ? scalar(keys.get("image").getValueNode(), path + ".image") : null;
        List<String> command = keys.containsKey("command") ? strings(keys.get("command").getValueNode(), path + ".command") : List.of();
        List<String> args = keys.containsKey("args") ? strings(keys.get("args").getValueNode(), path + ".args") : List.of();
        if ((image == null || image.isBlank()) && command.isEmpty()) {
            error(nameNode, path, "Give the service a 'command' (what the local runtime runs) or an 'image' (for cluster runtimes).");
        }
        Map<String, String> env = keys.containsKey("env") ? env(keys.get("env").getValueNode(), path + ".env") : Map.of();
        List<ServiceSpec.Expose> expose = keys.containsKey("expose") ? expose(keys.get("expose").getValueNode(), path + ".expose") : List.of();
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
        return new ServiceSpec(name, image, command, args, env, expose, count);
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
                error(item, path, "Write each variable as NAME=value, NAME made of letters, digits and '_' (got '" + entry + "').");
            } else if (env.put(key, entry.substring(eq + 1)) != null) {
                error(item, path, "The variable " + key + " is set twice.");
            }
        }
        return env;
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
            String proto = keys.containsKey("proto") ? scalar(keys.get("proto").getValueNode(), path + ".proto") : "tcp";
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
                error(tuple.getKeyNode(), path.isEmpty() ? key : path + "." + key, "duplicate key " + key + ": it may appear once.");
            } else if (!allowed.contains(key)) {
                error(tuple.getKeyNode(), path.isEmpty() ? key : path + "." + key,
                        "Unknown key '" + key + "'; allowed here: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ".");
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
        error(node, path, "Expected a single value here, not a " + (node instanceof SequenceNode ? "list" : "map") + ".");
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
