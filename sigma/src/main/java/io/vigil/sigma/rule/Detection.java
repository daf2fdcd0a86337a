package io.vigil.sigma.rule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A rule's detection section compiled once: each search identifier into a matcher, and the
 * condition over them. Events are then tested without any YAML or string parsing.
 *
 * @param selections the search identifiers, in the file's order (what `rules test` reports)
 * @param fields every field name the rule reads (for the mapping check)
 */
public record Detection(Map<String, Matcher> selections, Matcher condition, String conditionText, Set<String> fields) {

    public boolean matches(Record r) {
        return condition.matches(r);
    }

    /** Compiles {@code detection:}; errors name the line. */
    public static Detection compile(Node detection, FieldSlots slots, Map<String, List<String>> placeholders) {
        if (!(detection instanceof MappingNode m)) throw new SigmaException(SigmaYaml.line(detection), "detection must be a map");
        Map<String, Matcher> selections = new LinkedHashMap<>();
        List<String> fields = new ArrayList<>();
        Node condition = null;
        for (NodeTuple t : m.getValue()) {
            String name = SigmaYaml.text(t.getKeyNode(), "a search identifier");
            Node v = t.getValueNode();
            if (name.equals("condition")) {
                condition = v;
            } else if (name.equals("timeframe")) {
                continue; // legacy aggregations only; handled by the loader
            } else {
                selections.put(name, selection(v, slots, placeholders, fields));
            }
        }
        if (condition == null) throw new SigmaException(SigmaYaml.line(detection), "detection has no condition");
        if (selections.isEmpty()) throw new SigmaException(SigmaYaml.line(detection), "detection has no search identifiers");
        List<String> conditions = new ArrayList<>();
        List<Node> conditionNodes = condition instanceof SequenceNode s ? s.getValue() : List.of(condition);
        for (Node c : conditionNodes) conditions.add(SigmaYaml.text(c, "condition"));
        List<Matcher> any = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) {
            String c = conditions.get(i);
            int line = SigmaYaml.line(conditionNodes.get(i)); // a condition of a list: its own line
            if (c.contains("|")) {
                throw new SigmaException(line, "aggregation in the condition ('" + c.substring(c.indexOf('|')).trim()
                        + "'): Sigma v1 aggregations are replaced by correlation rules");
            }
            any.add(Condition.parse(c, selections, line));
        }
        return new Detection(selections, Matcher.or(any), String.join(" OR ", conditions), new LinkedHashSet<>(fields));
    }

    private static Matcher selection(Node v, FieldSlots slots, Map<String, List<String>> placeholders, List<String> fields) {
        int line = SigmaYaml.line(v);
        if (v instanceof MappingNode map) {
            if (map.getValue().isEmpty()) throw new SigmaException(line, "empty search identifier");
            List<Matcher> and = new ArrayList<>();
            for (NodeTuple t : map.getValue()) {
                String key = SigmaYaml.text(t.getKeyNode(), "a field name");
                Node val = t.getValueNode();
                List<Node> values = new ArrayList<>();
                if (val instanceof SequenceNode s) {
                    values.addAll(s.getValue());
                    if (values.isEmpty()) throw new SigmaException(SigmaYaml.line(val), "empty list of values for '" + key + "'");
                } else if (val instanceof MappingNode) {
                    throw new SigmaException(SigmaYaml.line(val), "the value of '" + key + "' is a map; a field takes a value or a list of values");
                } else {
                    values.add(val);
                }
                for (Node n : values) {
                    if (!(n instanceof ScalarNode)) throw new SigmaException(SigmaYaml.line(n), "a value of '" + key + "' must be a plain value");
                }
                and.add(Modifiers.compile(key, values, SigmaYaml.line(t.getKeyNode()), slots, placeholders, fields));
            }
            return Matcher.and(and);
        }
        if (v instanceof SequenceNode seq) {
            if (seq.getValue().isEmpty()) throw new SigmaException(line, "empty search identifier");
            List<Matcher> or = new ArrayList<>();
            List<Node> keywords = new ArrayList<>();
            for (Node item : seq.getValue()) {
                if (item instanceof ScalarNode) {
                    if (SigmaYaml.isNull(item)) throw new SigmaException(SigmaYaml.line(item), "null is not a keyword");
                    keywords.add(item);
                } else if (item instanceof MappingNode) {
                    or.add(selection(item, slots, placeholders, fields));
                } else {
                    throw new SigmaException(SigmaYaml.line(item), "a list in a search identifier holds keywords or maps");
                }
            }
            if (!keywords.isEmpty()) or.add(Modifiers.compile("", keywords, line, slots, placeholders, fields));
            return Matcher.or(or);
        }
        throw new SigmaException(line, "a search identifier must be a map or a list (of keywords or maps), not a single value");
    }
}
