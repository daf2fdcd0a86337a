package io.vigil.sigma.engine;

import io.vigil.core.event.Event;
import io.vigil.sigma.rule.Logsource;
import io.vigil.sigma.rule.RuleLoader;
import io.vigil.sigma.rule.SigmaException;
import io.vigil.sigma.rule.SigmaYaml;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import io.vigil.sigma.rule.Glob;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Sigma log sources as Vigil sees them (see the shipped {@code vigil-sigma-mapping.yml}): which
 * events belong to each, and where each Sigma field is in a Vigil event.
 */
public final class SigmaMapping {
    private static final String SHIPPED = "vigil-sigma-mapping.yml";

    /** One log source of the mapping. */
    public record Source(String name, Set<String> products, Set<String> categories, Set<String> services,
                         List<Map.Entry<String, When>> when, Map<String, List<String>> fields,
                         String passthrough, Path file, int line, String pushdown) {

        /**
         * The store query that selects this source's events without losing any, or null when
         * none can: only conditions on what Vigil itself writes (the plugin and decoder names,
         * exact and without wildcards) are pushed down; anything else (an app name in any case)
         * is left to matching.
         */
        public String pushdown() {
            return pushdown;
        }

        /** Whether a rule's log source is this one: every part the rule names is among this source's. */
        public boolean serves(Logsource ls) {
            if (ls.product() == null && ls.category() == null && ls.service() == null) return false;
            return (ls.product() == null || products.contains(ls.product()))
                    && (ls.category() == null || categories.contains(ls.category()))
                    && (ls.service() == null || services.contains(ls.service()));
        }

        /** @param lowered the event's "when" fields, lower-cased, by the mapping's field index (filled on first use) */
        boolean holds(Event e, Lowered lowered) {
            for (Map.Entry<String, When> w : when) {
                int i = lowered.index(e, w.getKey());
                if (lowered.raw(i) == null || !w.getValue().test(lowered, i)) return false;
            }
            return true;
        }

        /** Where a Sigma field is read from; null when this source does not map it. */
        public Function<Event, String> resolve(String field) {
            List<String> spec = fields.get(field);
            if (spec != null) return EventField.compile(spec);
            if (passthrough != null) return EventField.compile(List.of("extra." + passthrough + field));
            return null;
        }
    }

    private final List<Source> sources;
    private final Map<String, List<String>> placeholders;
    private final List<RuleLoader.RuleError> errors;

    private SigmaMapping(List<Source> sources, Map<String, List<String>> placeholders, List<RuleLoader.RuleError> errors) {
        this.sources = List.copyOf(sources);
        this.placeholders = Map.copyOf(placeholders);
        this.errors = List.copyOf(errors);
        this.candidates = Candidates.of(this.sources);
    }

    /** The shipped mapping with the user's documents first (a source of the same name replaces the shipped one). */
    public static SigmaMapping load(List<RuleLoader.MappingDocument> user) {
        List<Source> sources = new ArrayList<>();
        Map<String, List<String>> placeholders = new LinkedHashMap<>();
        List<RuleLoader.RuleError> errors = new ArrayList<>();
        for (RuleLoader.MappingDocument d : user) read(d.file(), d.root(), sources, placeholders, errors);
        Path shipped = Path.of("(shipped) " + SHIPPED);
        try (InputStream in = SigmaMapping.class.getResourceAsStream(SHIPPED)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<Source> own = new ArrayList<>();
            Map<String, List<String>> ownPlaceholders = new LinkedHashMap<>();
            List<RuleLoader.RuleError> ownErrors = new ArrayList<>();
            read(shipped, SigmaYaml.documents(text).get(0), own, ownPlaceholders, ownErrors);
            if (!ownErrors.isEmpty()) throw new IllegalStateException("the shipped Sigma mapping is broken: " + ownErrors);
            Set<String> names = new HashSet<>();
            sources.forEach(s -> names.add(s.name()));
            for (Source s : own) if (!names.contains(s.name())) sources.add(s);
            ownPlaceholders.forEach(placeholders::putIfAbsent);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the shipped Sigma mapping", e);
        }
        return new SigmaMapping(sources, placeholders, errors);
    }

    private static void read(Path file, Node root, List<Source> out, Map<String, List<String>> placeholders, List<RuleLoader.RuleError> errors) {
        Node ph = SigmaYaml.get(root, "placeholders");
        if (ph instanceof MappingNode pm) {
            for (NodeTuple t : pm.getValue()) {
                String name = SigmaYaml.text(t.getKeyNode(), "placeholder");
                List<String> values = new ArrayList<>();
                if (t.getValueNode() instanceof SequenceNode s) for (Node v : s.getValue()) values.add(SigmaYaml.text(v, "placeholder value"));
                else values.add(SigmaYaml.text(t.getValueNode(), "placeholder value"));
                placeholders.putIfAbsent(name, values);
            }
        }
        Node ls = SigmaYaml.get(root, "logsources");
        if (!(ls instanceof SequenceNode seq)) {
            errors.add(new RuleLoader.RuleError(file, SigmaYaml.line(root), "logsources must be a list"));
            return;
        }
        for (Node n : seq.getValue()) {
            try {
                out.add(source(file, n));
            } catch (SigmaException e) {
                errors.add(new RuleLoader.RuleError(file, e.line(), e.getMessage()));
            }
        }
    }

    private static Source source(Path file, Node n) {
        String name = SigmaYaml.string(n, "name");
        if (name == null) throw new SigmaException(SigmaYaml.line(n), "a log source needs a name");
        List<Map.Entry<String, When>> when = new ArrayList<>();
        List<String> pushed = new ArrayList<>();
        boolean allPushed = true;
        Node w = SigmaYaml.get(n, "when");
        if (w instanceof MappingNode wm) {
            for (NodeTuple t : wm.getValue()) {
                String field = SigmaYaml.text(t.getKeyNode(), "a when field");
                Function<Event, String> f = EventField.compile(List.of(field));
                if (f == null) throw new SigmaException(SigmaYaml.line(t.getKeyNode()), "'" + field + "' is not an event field");
                List<String> texts = new ArrayList<>();
                List<Node> vs = t.getValueNode() instanceof SequenceNode s ? s.getValue() : List.of(t.getValueNode());
                for (Node v : vs) texts.add(SigmaYaml.text(v, "a when value"));
                when.add(Map.entry(field, oneOf(texts)));
                boolean exact = (field.equals("extra.plugin") || field.equals("extra.decoder"))
                        && texts.stream().allMatch(x -> x.matches("[A-Za-z0-9_.-]+"));
                if (exact) pushed.add("(" + String.join(" OR ", texts.stream().map(x -> field + ":\"" + x + "\"").toList()) + ")");
                else allPushed = false;
            }
        }
        // a source is pushed down only if one of its conditions can be: the others are checked in memory anyway
        String pushdown = pushed.isEmpty() ? null : String.join(" AND ", pushed);
        if (!allPushed && pushed.isEmpty()) pushdown = null;
        Map<String, List<String>> fields = new LinkedHashMap<>();
        Node fm = SigmaYaml.get(n, "fields");
        if (fm instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String sigma = SigmaYaml.text(t.getKeyNode(), "a Sigma field");
                List<String> spec = new ArrayList<>();
                if (t.getValueNode() instanceof SequenceNode s) for (Node v : s.getValue()) spec.add(SigmaYaml.text(v, "an event field"));
                else spec.add(SigmaYaml.text(t.getValueNode(), "an event field"));
                if (EventField.compile(spec) == null) throw new SigmaException(SigmaYaml.line(t.getValueNode()), "'" + String.join(", ", spec) + "' is not an event field");
                fields.put(sigma, spec);
            }
        }
        return new Source(name, lower(SigmaYaml.strings(n, "product")), lower(SigmaYaml.strings(n, "category")), lower(SigmaYaml.strings(n, "service")),
                when, fields, SigmaYaml.string(n, "passthrough"), file, SigmaYaml.line(n), pushdown);
    }

    private static Set<String> lower(List<String> in) {
        Set<String> out = new HashSet<>();
        for (String s : in) out.add(s.toLowerCase(Locale.ROOT));
        return out;
    }

    /**
     * One "when" condition: does the event's field take one of the values? A set lookup for
     * plain ones (on the value lowered once per event), case-blind globs for the others.
     */
    static final class When {
        final Set<String> exact;
        final Glob[] globs;
        /**
         * Lower-casing never shortens a string (Locale.ROOT): a value longer than every plain one
         * cannot be one, and is not lowered (userdata1 is often a whole message).
         */
        final int longest;

        When(Set<String> exact, Glob[] globs) {
            this.exact = Set.copyOf(exact);
            this.globs = globs;
            this.longest = exact.stream().mapToInt(String::length).max().orElse(-1);
        }

        /** @param i where the event's field is in {@code fields} (not null there) */
        boolean test(Lowered fields, int i) {
            if (fields.raw(i).length() <= longest && exact.contains(fields.lower(i))) return true;
            for (Glob x : globs) if (x.matchesIgnoreCase(fields.raw(i))) return true;
            return false;
        }
    }

    private static When oneOf(List<String> values) {
        Set<String> exact = new HashSet<>();
        List<Glob> globs = new ArrayList<>();
        for (String v : values) {
            if (v.indexOf('*') >= 0) globs.add(Glob.of(v, true));
            else exact.add(v.toLowerCase(Locale.ROOT));
        }
        return new When(exact, globs.toArray(Glob[]::new));
    }

    public List<Source> sources() {
        return sources;
    }

    /** The source of this name (one the placements name), or null. */
    public Source source(String name) {
        for (Source s : sources) if (s.name().equals(name)) return s;
        return null;
    }

    public Map<String, List<String>> placeholders() {
        return placeholders;
    }

    /** Errors in the user's mapping documents. */
    public List<RuleLoader.RuleError> errors() {
        return errors;
    }

    /** The source an event belongs to (its index): the first whose "when" holds; -1 for none. */
    public int classify(Event e) {
        Lowered lowered = new Lowered();
        if (candidates != null) {
            // Only the sources whose plain values the event's fields could take, in order.
            for (long left = candidates.of(e, lowered); left != 0; left &= left - 1) {
                int i = Long.numberOfTrailingZeros(left);
                if (sources.get(i).holds(e, lowered)) return i;
            }
            return -1;
        }
        for (int i = 0; i < sources.size(); i++) if (sources.get(i).holds(e, lowered)) return i;
        return -1;
    }

    /** Null when the mapping has more sources than a long has bits (then each is tested in turn). */
    private final Candidates candidates;

    /**
     * Which sources an event can belong to, worked out from its fields with one set lookup each
     * instead of testing every source in turn: most sources name a program, a plugin or a
     * channel, and an event takes at most one of each. A source is ruled out only when a field it
     * tests has no value, or a value none of its plain values is and it has no wildcard one for
     * that field; the others are tested as before, in order, so the first that holds is the same.
     * The classification was 2.5% of the full path's samples, testing 25 sources per event.
     */
    static final class Candidates {
        private final String[] fields;
        /** Per field: the sources that do not test it (a value or none, they stay). */
        private final long[] untested;
        /** Per field: the sources that test it with a wildcard (any value may pass; none cannot). */
        private final long[] wildcard;
        /** Per field: for each plain value, the sources that take it. */
        private final List<Map<String, Long>> byValue;
        private final int[] longest;
        private final long all;

        private Candidates(List<Source> sources) {
            all = sources.size() == Long.SIZE ? -1L : (1L << sources.size()) - 1;
            Set<String> names = new java.util.LinkedHashSet<>();
            for (Source s : sources) for (Map.Entry<String, When> w : s.when()) if (!w.getValue().exact.isEmpty()) names.add(w.getKey());
            fields = names.toArray(String[]::new);
            untested = new long[fields.length];
            wildcard = new long[fields.length];
            byValue = new ArrayList<>();
            longest = new int[fields.length];
            for (int f = 0; f < fields.length; f++) {
                Map<String, Long> values = new java.util.HashMap<>();
                int max = -1;
                for (int i = 0; i < sources.size(); i++) {
                    long bit = 1L << i;
                    When w = null;
                    for (Map.Entry<String, When> c : sources.get(i).when()) if (c.getKey().equals(fields[f])) w = c.getValue();
                    if (w == null) {
                        untested[f] |= bit;
                        continue;
                    }
                    if (w.globs.length > 0) wildcard[f] |= bit;
                    for (String v : w.exact) values.merge(v, bit, (a, b) -> a | b);
                    max = Math.max(max, w.longest);
                }
                byValue.add(values);
                longest[f] = max;
            }
        }

        static Candidates of(List<Source> sources) {
            return sources.size() <= Long.SIZE ? new Candidates(sources) : null;
        }

        long of(Event e, Lowered lowered) {
            long left = all;
            for (int f = 0; f < fields.length && left != 0; f++) {
                int at = lowered.index(e, fields[f]);
                String raw = lowered.raw(at);
                long may = untested[f];
                if (raw != null) {
                    may |= wildcard[f];
                    if (raw.length() <= longest[f]) may |= byValue.get(f).getOrDefault(lowered.lower(at), 0L);
                }
                left &= may;
            }
            return left;
        }
    }

    /** An event's "when" fields, each read once however many sources test it. */
    static final class Lowered {
        private static final Map<String, Function<Event, String>> FIELDS = new java.util.concurrent.ConcurrentHashMap<>();
        private String[] specs = new String[8];
        private String[] values = new String[8];
        private String[] lowers = new String[8];
        private int n;

        /** Where the event's field is kept (read now if it was not yet). */
        int index(Event e, String spec) {
            for (int i = 0; i < n; i++) if (specs[i] == spec || specs[i].equals(spec)) return i;
            Function<Event, String> f = FIELDS.computeIfAbsent(spec, k -> EventField.compile(List.of(k)));
            if (n == specs.length) {
                specs = java.util.Arrays.copyOf(specs, n * 2);
                values = java.util.Arrays.copyOf(values, n * 2);
                lowers = java.util.Arrays.copyOf(lowers, n * 2);
            }
            specs[n] = spec;
            values[n] = f.apply(e);
            lowers[n] = null;
            return n++;
        }

        String raw(int i) {
            return values[i];
        }

        String lower(int i) {
            String l = lowers[i];
            if (l == null && values[i] != null) lowers[i] = l = values[i].toLowerCase(Locale.ROOT);
            return l;
        }
    }
}
