package io.vigil.sigma.rule;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Rule files are untrusted: they are composed into SnakeYAML's node tree only (no object is
 * ever constructed from a tag, so no arbitrary types), with limits on size, nesting and
 * aliases (the "billion laughs"), and duplicate keys refused. Nodes keep their line, which
 * every error message names.
 */
public final class SigmaYaml {
    /** A rule file larger than this is refused (SigmaHQ's largest rule is under 100 KiB). */
    public static final int MAX_CHARS = 4 * 1024 * 1024;

    private SigmaYaml() {}

    /** Every document of the text, in order (Sigma collections use several). */
    public static List<Node> documents(String text) {
        if (text.length() > MAX_CHARS) throw new SigmaException(1, "file is larger than " + MAX_CHARS + " characters");
        LoaderOptions o = new LoaderOptions();
        o.setAllowDuplicateKeys(false);
        o.setMaxAliasesForCollections(20);
        o.setNestingDepthLimit(40);
        o.setCodePointLimit(MAX_CHARS);
        o.setAllowRecursiveKeys(false);
        List<Node> out = new ArrayList<>();
        try {
            for (Node n : new Yaml(o).composeAll(new StringReader(text))) {
                if (n != null) out.add(n);
            }
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 1;
            throw new SigmaException(line, "invalid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new SigmaException(1, "invalid YAML: " + e.getMessage());
        }
        return out;
    }

    public static int line(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }

    public static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    /** The scalar's text; an error naming the line for anything else. */
    public static String text(Node n, String what) {
        if (n instanceof ScalarNode s) return s.getValue();
        throw new SigmaException(line(n), what + " must be a single value");
    }

    /** A map's value by key, or null. */
    public static Node get(Node map, String key) {
        if (!(map instanceof MappingNode m)) return null;
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) return t.getValueNode();
        }
        return null;
    }

    public static String string(Node map, String key) {
        Node v = get(map, key);
        return v == null || isNull(v) ? null : text(v, key);
    }

    /** A value that may be one string or a list of strings. */
    public static List<String> strings(Node map, String key) {
        Node v = get(map, key);
        List<String> out = new ArrayList<>();
        if (v == null || isNull(v)) return out;
        if (v instanceof SequenceNode s) {
            for (Node i : s.getValue()) out.add(text(i, key + " item"));
        } else {
            out.add(text(v, key));
        }
        return out;
    }
}
