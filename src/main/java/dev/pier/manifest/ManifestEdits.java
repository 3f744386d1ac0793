package dev.pier.manifest;

import dev.pier.base.InvalidInputException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Changes made to a manifest for people who do not edit it by hand (scaling a service from Status): the YAML is changed
 * as a tree, so comments, quoting and the order of keys stay as they were, and only the value asked for moves.
 */
public final class ManifestEdits {

    private ManifestEdits() {}

    /**
     * The manifest with {@code service}'s {@code count} set.
     *
     * @throws InvalidInputException naming {@code count} or {@code service} when the count is out of range or the
     *     manifest has no such service
     */
    public static String withCount(String yaml, String service, int count) {
        if (count < 1 || count > ManifestParser.MAX_REPLICAS) {
            throw new InvalidInputException(
                    "count", "A service runs 1 to " + ManifestParser.MAX_REPLICAS + " replicas, not " + count + ".");
        }
        ManifestParser.parse(yaml);
        LoaderOptions loading = new LoaderOptions();
        loading.setProcessComments(true);
        Node root = new Yaml(loading).compose(new StringReader(yaml));
        MappingNode spec = mapping(value((MappingNode) root, "services"))
                .flatMap(services -> mapping(value(services, service)))
                .orElseThrow(() -> new InvalidInputException(
                        "service", "The manifest in force has no service '" + service + "'."));
        ScalarNode number = new ScalarNode(Tag.INT, String.valueOf(count), null, null, DumperOptions.ScalarStyle.PLAIN);
        List<NodeTuple> tuples = spec.getValue();
        int at = indexOf(spec, "count");
        if (at >= 0) {
            tuples.set(at, new NodeTuple(tuples.get(at).getKeyNode(), number));
        } else {
            tuples.add(new NodeTuple(
                    new ScalarNode(Tag.STR, "count", null, null, DumperOptions.ScalarStyle.PLAIN), number));
        }
        DumperOptions dumping = new DumperOptions();
        dumping.setProcessComments(true);
        dumping.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        dumping.setWidth(Integer.MAX_VALUE);
        StringWriter out = new StringWriter();
        new Yaml(dumping).serialize(root, out);
        return out.toString();
    }

    private static Optional<MappingNode> mapping(Optional<Node> node) {
        return node.filter(MappingNode.class::isInstance).map(MappingNode.class::cast);
    }

    private static Optional<Node> value(MappingNode map, String key) {
        int at = indexOf(map, key);
        return at < 0 ? Optional.empty() : Optional.of(map.getValue().get(at).getValueNode());
    }

    private static int indexOf(MappingNode map, String key) {
        List<NodeTuple> tuples = map.getValue();
        for (int i = 0; i < tuples.size(); i++) {
            if (tuples.get(i).getKeyNode() instanceof ScalarNode scalar
                    && scalar.getValue().equals(key)) {
                return i;
            }
        }
        return -1;
    }
}
