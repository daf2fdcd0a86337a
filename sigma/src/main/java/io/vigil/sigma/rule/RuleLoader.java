package io.vigil.sigma.rule;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads Sigma rule files (and folders of them, recursively: {@code *.yml}, {@code *.yaml}):
 * detection rules, correlation rules, multi-document collections ({@code action: global},
 * {@code reset}, {@code repeat}), and the v1 aggregations ({@code | count() by x > n} with
 * {@code timeframe}), which become a correlation rule over the rule's detection. Every rule
 * that cannot be used is an error with file, line and reason; the others load.
 */
public final class RuleLoader {
    /** A rule that did not load. */
    public record RuleError(Path file, int line, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + message;
        }
    }

    /** What loaded and what did not. {@code mappings} are the YAML documents that configure field mapping. */
    public record Result(List<SigmaRule> rules, List<SigmaCorrelation> correlations, List<RuleError> errors, List<Path> files,
                         List<MappingDocument> mappings, FieldSlots slots) {}

    /** A Sigma mapping document found among the files (top-level {@code logsources:}). */
    public record MappingDocument(Path file, Node root) {}

    private static final Pattern AGGREGATION = Pattern.compile(
            "count\\(\\s*([\\w.\\-]*)\\s*\\)\\s*(?:by\\s+([\\w.\\-]+)\\s*)?(>=|<=|==|!=|>|<|=)\\s*(\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern TIMESPAN = Pattern.compile("(\\d+)([smhdw])");

    private final FieldSlots slots;
    private final Map<String, List<String>> placeholders;
    private final List<SigmaRule> rules = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();
    private final List<RuleError> errors = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private final List<MappingDocument> mappings = new ArrayList<>();
    /** YAML documents that are not rules at all (no title, logsource, detection or correlation): not errors. */
    private final List<String> skipped = new ArrayList<>();

    /** A correlation rule read, its references not yet resolved (they may be in a later file). */
    private record Pending(Path file, int line, Node doc, Node correlation, SigmaRule legacyBase, String legacyAggregation, String legacyTimeframe) {}

    private RuleLoader(FieldSlots slots, Map<String, List<String>> placeholders) {
        this.slots = slots;
        this.placeholders = placeholders;
    }

    public static Result load(List<Path> paths, FieldSlots slots, Map<String, List<String>> placeholders) {
        RuleLoader l = new RuleLoader(slots, placeholders);
        for (Path p : paths) l.path(p);
        return l.finish();
    }

    /** Rules from text (tests, the console's test box); {@code file} names it in errors. */
    public static Result parse(Path file, String text, FieldSlots slots, Map<String, List<String>> placeholders) {
        RuleLoader l = new RuleLoader(slots, placeholders);
        l.files.add(file);
        l.text(file, text);
        return l.finish();
    }

    /** Rules from several texts at once (a hunt sent over the API): references between them resolve. */
    public static Result parseAll(Map<Path, String> texts, FieldSlots slots, Map<String, List<String>> placeholders) {
        RuleLoader l = new RuleLoader(slots, placeholders);
        texts.forEach((file, text) -> {
            l.files.add(file);
            l.text(file, text);
        });
        return l.finish();
    }

    private void path(Path p) {
        if (Files.isDirectory(p)) {
            try (Stream<Path> s = Files.walk(p)) {
                for (Path f : s.filter(Files::isRegularFile).filter(RuleLoader::isYaml).sorted().toList()) file(f);
            } catch (IOException | java.io.UncheckedIOException e) {
                errors.add(new RuleError(p, 0, "cannot list: " + e.getMessage()));
            }
        } else {
            file(p);
        }
    }

    static boolean isYaml(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yml") || n.endsWith(".yaml");
    }

    private void file(Path f) {
        files.add(f);
        String text;
        try {
            if (Files.size(f) > SigmaYaml.MAX_CHARS) {
                errors.add(new RuleError(f, 1, "file is larger than " + SigmaYaml.MAX_CHARS + " bytes"));
                return;
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(f))).toString();
        } catch (CharacterCodingException e) {
            errors.add(new RuleError(f, 1, "not UTF-8 text"));
            return;
        } catch (IOException e) {
            errors.add(new RuleError(f, 0, "cannot read: " + e.getMessage()));
            return;
        }
        text(f, text);
    }

    private void text(Path f, String text) {
        List<Node> docs;
        try {
            docs = SigmaYaml.documents(text);
        } catch (SigmaException e) {
            errors.add(new RuleError(f, e.line(), e.getMessage()));
            return;
        }
        Node global = null;
        Node previous = null;
        int members = 0;
        for (Node doc : docs) {
            try {
                if (!(doc instanceof MappingNode)) throw new SigmaException(SigmaYaml.line(doc), "a rule must be a map of attributes");
                if (SigmaYaml.get(doc, "logsources") != null && SigmaYaml.get(doc, "detection") == null) {
                    mappings.add(new MappingDocument(f, doc));
                    continue;
                }
                String action = SigmaYaml.string(doc, "action");
                if (action != null) {
                    switch (action) {
                        case "global" -> {
                            global = without(doc, "action");
                            members = 0;
                        }
                        case "reset" -> global = null;
                        case "repeat" -> {
                            if (previous == null) throw new SigmaException(SigmaYaml.line(doc), "action: repeat with no rule before it");
                            document(f, merge(without(doc, "action"), previous));
                        }
                        default -> throw new SigmaException(SigmaYaml.line(doc), "unknown action '" + action + "'");
                    }
                    continue;
                }
                Node full = global == null ? doc : merge(doc, global);
                if (global != null && SigmaYaml.get(doc, "id") == null && SigmaYaml.get(global, "id") != null && members++ > 0) {
                    // the collection's members share the global id: the second and later get /2, /3, ... so each stays addressable
                    full = replace(full, "id", SigmaYaml.string(global, "id") + "/" + members, SigmaYaml.get(global, "id"));
                }
                previous = full;
                document(f, full);
            } catch (SigmaException e) {
                errors.add(new RuleError(f, e.line(), e.getMessage()));
            }
        }
    }

    private void document(Path f, Node doc) {
        int line = SigmaYaml.line(doc);
        Node correlation = SigmaYaml.get(doc, "correlation");
        Node detection = SigmaYaml.get(doc, "detection");
        if (correlation != null) {
            if (detection != null) throw new SigmaException(line, "a rule has either detection or correlation, not both");
            pending.add(new Pending(f, line, doc, correlation, null, null, null));
            return;
        }
        if (detection == null) {
            // content folders hold other YAML too (a compose file, a mapping): only what looks like a rule is one
            if (SigmaYaml.get(doc, "title") == null && SigmaYaml.get(doc, "logsource") == null) {
                skipped.add(f + ":" + line);
                return;
            }
            throw new SigmaException(line, "not a Sigma rule: no detection (nor correlation) section");
        }
        if (SigmaYaml.get(doc, "timespan") != null) {
            throw new SigmaException(SigmaYaml.line(SigmaYaml.get(doc, "timespan")), "timespan belongs in a correlation: section");
        }
        String title = SigmaYaml.string(doc, "title");
        if (title == null) throw new SigmaException(line, "rule has no title");
        Node ls = SigmaYaml.get(doc, "logsource");
        if (!(ls instanceof MappingNode)) throw new SigmaException(ls == null ? line : SigmaYaml.line(ls), "rule has no logsource map");
        Logsource logsource = new Logsource(SigmaYaml.string(ls, "product"), SigmaYaml.string(ls, "category"), SigmaYaml.string(ls, "service"));
        String level = SigmaYaml.string(doc, "level");
        if (level != null && !List.of("informational", "low", "medium", "high", "critical").contains(level)) {
            throw new SigmaException(SigmaYaml.line(SigmaYaml.get(doc, "level")), "level '" + level + "' is not informational, low, medium, high or critical");
        }

        // v1 aggregation: the detection part stays a rule, the aggregation becomes a correlation over it
        String aggregation = null;
        Node cond = SigmaYaml.get(detection, "condition");
        if (cond instanceof ScalarNode s && s.getValue().contains("|")) {
            String c = s.getValue();
            aggregation = c.substring(c.indexOf('|') + 1).trim();
            detection = replace(detection, "condition", c.substring(0, c.indexOf('|')).trim(), cond);
        }
        Detection d = Detection.compile(detection, slots, placeholders);
        SigmaRule rule = new SigmaRule(f, line, SigmaYaml.string(doc, "id"), SigmaYaml.string(doc, "name"), title,
                SigmaYaml.string(doc, "description"), SigmaYaml.string(doc, "status"), level, SigmaYaml.strings(doc, "tags"),
                SigmaYaml.strings(doc, "references"), SigmaYaml.string(doc, "author"), logsource, d, true);
        if (aggregation != null) {
            String timeframe = SigmaYaml.string(SigmaYaml.get(doc, "detection"), "timeframe");
            int condLine = SigmaYaml.line(cond);
            if (!AGGREGATION.matcher(aggregation).matches()) {
                throw new SigmaException(condLine, "aggregation '" + aggregation + "' is not understood (only 'count([field]) [by field] <op> N' is;"
                        + " 'near' needs a temporal correlation rule)");
            }
            if (timeframe == null) throw new SigmaException(condLine, "aggregation '" + aggregation + "' without a timeframe");
            rule = rule.withGenerate(false);
            pending.add(new Pending(f, condLine, doc, null, rule, aggregation, timeframe));
        }
        rules.add(rule);
    }

    private Result finish() {
        Map<String, SigmaRule> byRef = new HashMap<>();
        Map<String, String> seenIds = new HashMap<>(); // id -> file:line of its first use
        List<SigmaRule> kept = new ArrayList<>();
        for (SigmaRule r : rules) {
            if (r.id() != null && seenIds.containsKey(r.id())) {
                errors.add(new RuleError(r.file(), r.line(), "id " + r.id() + " is already used by " + seenIds.get(r.id())));
                continue;
            }
            if (r.id() != null) seenIds.put(r.id(), r.file() + ":" + r.line());
            kept.add(r);
            if (r.id() != null) byRef.put(r.id(), r);
            if (r.name() != null) byRef.putIfAbsent(r.name(), r);
        }
        List<SigmaCorrelation> correlations = new ArrayList<>();
        Map<String, Boolean> generate = new HashMap<>(); // rule key -> generate, for referred rules
        for (Pending p : pending) {
            try {
                SigmaCorrelation c = p.legacyBase != null ? legacy(p) : correlation(p, byRef);
                if (c.id() != null && seenIds.containsKey(c.id())) {
                    throw new SigmaException(p.line, "id " + c.id() + " is already used by " + seenIds.get(c.id()));
                }
                if (c.id() != null) seenIds.put(c.id(), p.file + ":" + p.line);
                correlations.add(c);
                for (SigmaRule r : c.rules()) generate.merge(r.key(), c.generate(), Boolean::logicalOr);
            } catch (SigmaException e) {
                errors.add(new RuleError(p.file, e.line(), e.getMessage()));
            }
        }
        List<SigmaRule> out = new ArrayList<>();
        for (SigmaRule r : kept) {
            Boolean g = generate.get(r.key());
            out.add(g == null ? r : r.withGenerate(g));
        }
        // correlations hold the rules as they were before generate was settled: re-point them
        Map<String, SigmaRule> settled = new HashMap<>();
        for (SigmaRule r : out) settled.put(r.key(), r);
        List<SigmaCorrelation> finalCorrelations = new ArrayList<>();
        for (SigmaCorrelation c : correlations) {
            List<SigmaRule> rs = c.rules().stream().map(r -> settled.getOrDefault(r.key(), r)).toList();
            finalCorrelations.add(new SigmaCorrelation(c.file(), c.line(), c.id(), c.name(), c.title(), c.level(), c.tags(), c.references(), c.type(),
                    rs, c.groupBy(), c.aliases(), c.timespan(), c.field(), c.bounds(), c.generate()));
        }
        return new Result(out, finalCorrelations, errors, files, mappings, slots);
    }

    private SigmaCorrelation correlation(Pending p, Map<String, SigmaRule> byRef) {
        Node c = p.correlation;
        if (!(c instanceof MappingNode)) throw new SigmaException(SigmaYaml.line(c), "correlation must be a map");
        String typeText = SigmaYaml.string(c, "type");
        if (typeText == null) throw new SigmaException(SigmaYaml.line(c), "correlation has no type");
        SigmaCorrelation.Type type;
        try {
            type = SigmaCorrelation.Type.valueOf(typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            if (typeText.equals("value_percentile")) {
                throw new SigmaException(SigmaYaml.line(c), "correlation type value_percentile is not supported (it needs the distribution of a"
                        + " field over all events, which a streaming engine does not keep)");
            }
            throw new SigmaException(SigmaYaml.line(c), "unknown correlation type '" + typeText + "'");
        }
        Node rulesNode = SigmaYaml.get(c, "rules");
        if (rulesNode instanceof MappingNode) throw new SigmaException(SigmaYaml.line(rulesNode), "correlation rules must be a list of rule ids or names");
        List<String> refs = SigmaYaml.strings(c, "rules");
        if (refs.isEmpty()) throw new SigmaException(SigmaYaml.line(c), "correlation refers to no rules");
        List<SigmaRule> referred = new ArrayList<>();
        for (String ref : refs) {
            SigmaRule r = byRef.get(ref);
            if (r == null) {
                boolean isCorrelation = pending.stream().anyMatch(o -> o.correlation != null && (ref.equals(SigmaYaml.string(o.doc, "id")) || ref.equals(SigmaYaml.string(o.doc, "name"))));
                throw new SigmaException(SigmaYaml.line(rulesNode), isCorrelation
                        ? "rule '" + ref + "' is a correlation rule: chaining correlations is not supported yet"
                        : "unknown rule '" + ref + "' (no loaded rule has this id or name)");
            }
            referred.add(r);
        }
        List<String> groupBy = SigmaYaml.strings(c, "group-by");
        String timespanText = SigmaYaml.string(c, "timespan");
        if (timespanText == null) throw new SigmaException(SigmaYaml.line(c), "correlation has no timespan");
        Duration timespan = timespan(timespanText, SigmaYaml.line(SigmaYaml.get(c, "timespan")));
        Map<String, Map<String, String>> aliases = new LinkedHashMap<>();
        Node al = SigmaYaml.get(c, "aliases");
        if (al instanceof MappingNode am) {
            for (NodeTuple t : am.getValue()) {
                Map<String, String> perRule = new LinkedHashMap<>();
                if (!(t.getValueNode() instanceof MappingNode vm)) throw new SigmaException(SigmaYaml.line(t.getValueNode()), "an alias maps rule names to fields");
                for (NodeTuple rt : vm.getValue()) perRule.put(SigmaYaml.text(rt.getKeyNode(), "rule name"), SigmaYaml.text(rt.getValueNode(), "field"));
                aliases.put(SigmaYaml.text(t.getKeyNode(), "alias"), perRule);
            }
        }
        Node cond = SigmaYaml.get(c, "condition");
        Map<String, Double> bounds = new LinkedHashMap<>();
        String field = null;
        if (cond instanceof MappingNode cm) {
            for (NodeTuple t : cm.getValue()) {
                String op = SigmaYaml.text(t.getKeyNode(), "condition operator");
                String v = SigmaYaml.text(t.getValueNode(), op);
                if (op.equals("field")) {
                    field = v;
                    continue;
                }
                if (!List.of("gt", "gte", "lt", "lte", "eq", "neq").contains(op)) {
                    throw new SigmaException(SigmaYaml.line(t.getKeyNode()), "unknown condition operator '" + op + "'");
                }
                Double n = Numbers.parse(v);
                if (n == null) throw new SigmaException(SigmaYaml.line(t.getValueNode()), op + " needs a number, not '" + v + "'");
                bounds.put(op, n);
            }
        } else if (cond != null) {
            throw new SigmaException(SigmaYaml.line(cond), "correlation condition must be a map (gte: 10)");
        }
        boolean temporal = type == SigmaCorrelation.Type.TEMPORAL || type == SigmaCorrelation.Type.TEMPORAL_ORDERED;
        if (bounds.isEmpty()) {
            if (!temporal) throw new SigmaException(SigmaYaml.line(c), type.text() + " needs a condition");
            bounds.put("gte", (double) referred.size()); // every referred rule
        }
        boolean valued = type == SigmaCorrelation.Type.VALUE_COUNT || type == SigmaCorrelation.Type.VALUE_SUM || type == SigmaCorrelation.Type.VALUE_AVG;
        if (valued && field == null) throw new SigmaException(SigmaYaml.line(cond), type.text() + " needs 'field' in its condition");
        if (groupBy.isEmpty() && temporal) {
            // allowed by the format, but then every event of the referred rules is one group
        }
        for (String g : groupBy) slots.slot(g);
        if (field != null) slots.slot(field);
        aliases.values().forEach(m -> m.values().forEach(slots::slot));
        String generate = SigmaYaml.string(p.doc, "generate");
        if (generate == null) generate = SigmaYaml.string(c, "generate");
        return new SigmaCorrelation(p.file, p.line, SigmaYaml.string(p.doc, "id"), SigmaYaml.string(p.doc, "name"),
                SigmaYaml.string(p.doc, "title"), SigmaYaml.string(p.doc, "level"), SigmaYaml.strings(p.doc, "tags"),
                SigmaYaml.strings(p.doc, "references"), type, referred, groupBy, aliases, timespan, field, bounds, "true".equals(generate));
    }

    /** {@code count() by src > 10} with {@code timeframe: 10m}: event_count (or value_count when a field is counted). */
    private SigmaCorrelation legacy(Pending p) {
        Matcher m = AGGREGATION.matcher(p.legacyAggregation);
        if (!m.matches()) throw new SigmaException(p.line, "aggregation not understood");
        String field = m.group(1).isEmpty() ? null : m.group(1);
        List<String> groupBy = m.group(2) == null ? List.of() : List.of(m.group(2));
        String op = switch (m.group(3)) {
            case ">" -> "gt";
            case ">=" -> "gte";
            case "<" -> "lt";
            case "<=" -> "lte";
            case "!=" -> "neq";
            default -> "eq";
        };
        for (String g : groupBy) slots.slot(g);
        if (field != null) slots.slot(field);
        SigmaRule base = p.legacyBase;
        return new SigmaCorrelation(p.file, p.line, null, null, base.title(), base.level(), base.tags(), base.references(),
                field == null ? SigmaCorrelation.Type.EVENT_COUNT : SigmaCorrelation.Type.VALUE_COUNT, List.of(base), groupBy, Map.of(),
                timespan(p.legacyTimeframe, p.line), field, Map.of(op, Double.parseDouble(m.group(4))), false);
    }

    static Duration timespan(String text, int line) {
        Matcher m = TIMESPAN.matcher(text.trim());
        if (!m.matches()) throw new SigmaException(line, "timespan '" + text + "' is not a number followed by s, m, h, d or w");
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    // ----------------------------------------------------------- YAML node helpers (collections)

    private static Node without(Node map, String key) {
        MappingNode m = (MappingNode) map;
        List<NodeTuple> kept = new ArrayList<>();
        for (NodeTuple t : m.getValue()) if (!(t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key))) kept.add(t);
        return new MappingNode(m.getTag(), true, kept, m.getStartMark(), m.getEndMark(), m.getFlowStyle());
    }

    /** {@code doc} with {@code base}'s keys it lacks; maps present in both are merged the same way. */
    private static Node merge(Node doc, Node base) {
        if (!(doc instanceof MappingNode d) || !(base instanceof MappingNode b)) return doc;
        List<NodeTuple> out = new ArrayList<>(d.getValue());
        for (NodeTuple bt : b.getValue()) {
            String key = ((ScalarNode) bt.getKeyNode()).getValue();
            int i = indexOf(out, key);
            if (i < 0) out.add(bt);
            else if (out.get(i).getValueNode() instanceof MappingNode && bt.getValueNode() instanceof MappingNode) {
                out.set(i, new NodeTuple(out.get(i).getKeyNode(), merge(out.get(i).getValueNode(), bt.getValueNode())));
            }
        }
        return new MappingNode(d.getTag(), true, out, d.getStartMark(), d.getEndMark(), d.getFlowStyle());
    }

    private static int indexOf(List<NodeTuple> tuples, String key) {
        for (int i = 0; i < tuples.size(); i++) {
            if (tuples.get(i).getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) return i;
        }
        return -1;
    }

    private static Node replace(Node map, String key, String value, Node at) {
        MappingNode m = (MappingNode) map;
        List<NodeTuple> out = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                ScalarNode old = (ScalarNode) at;
                out.add(new NodeTuple(t.getKeyNode(), new ScalarNode(old.getTag(), value, old.getStartMark(), old.getEndMark(), old.getScalarStyle())));
            } else {
                out.add(t);
            }
        }
        return new MappingNode(m.getTag(), true, out, m.getStartMark(), m.getEndMark(), m.getFlowStyle());
    }

    static boolean isSequence(Node n) {
        return n instanceof SequenceNode;
    }
}
