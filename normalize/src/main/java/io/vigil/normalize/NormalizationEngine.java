package io.vigil.normalize;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.core.event.Event;
import io.vigil.normalize.decode.Decoded;
import io.vigil.normalize.decode.Decoders;
import io.vigil.normalize.ossim.CaseFold;
import io.vigil.normalize.ossim.FieldFunctions;
import io.vigil.normalize.ossim.FieldTemplate;
import io.vigil.normalize.ossim.GroupValues;
import io.vigil.normalize.ossim.LoadError;
import io.vigil.normalize.ossim.OssimPlugin;
import io.vigil.normalize.ossim.PluginRule;
import io.vigil.normalize.ossim.SidTables;
import io.vigil.normalize.ossim.TemplateException;
import io.vigil.normalize.ossim.TranslatedRegex;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.MatchResult;

/**
 * OSSIM plugins applied to events, the way the agent would, but without trying every regexp:
 *
 * <ol>
 *   <li><b>Route.</b> Plugins bound to the event's program by {@code normalize.routes} come
 *       first, then plugins whose {@code process} hint or file name is the program, then the
 *       plugin that took this program's previous line: these <i>routed</i> plugins try all
 *       their rules. Then the rest, which try only their specific rules (a literal of four or
 *       more letters or digits): a plugin's catch-all and generic rules were written for its
 *       own log file, and must not claim other sources' lines.</li>
 *   <li><b>Prefilter.</b> One {@link LiteralIndex} scan of the line finds which rules' anchor
 *       literals occur; a rule whose anchor is absent cannot match and is not tried.</li>
 *   <li><b>Match as the agent does.</b> Within a plugin, rules in the agent's order, the
 *       precheck (case-sensitive substring), then the regexp, searched; the first match wins.
 *       The first plugin with a match takes the line.</li>
 * </ol>
 * A line no plugin takes goes to the structured decoders (CEF, LEEF, JSON, key=value); if
 * none accepts it, it stays a generic event. Nothing is dropped.
 *
 * <p>Immutable once built and safe for concurrent use; content reload builds a new one.
 */
public final class NormalizationEngine {
    private final List<OssimPlugin> plugins;
    private final List<List<CompiledRule>> rulesByPlugin;
    private final List<Integer> defaultOrder;
    private final Map<String, List<Integer>> routes;
    private final LiteralIndex literals;
    private final CompiledRule[] ruleByAnchor;
    /**
     * Each plugin's anchor ids, {@code [anchorsFrom[p], anchorsTo[p])}: its specific rules in
     * its own order (-1 for a plugin not in the index). The learned guess reads only the
     * plugin's anchors found in the line, not each of its rules: cisco-asa has hundreds.
     */
    private final int[] anchorsFrom;
    private final int[] anchorsTo;
    private static final ThreadLocal<BitSet> SCRATCH = ThreadLocal.withInitial(BitSet::new);
    private final SidTables sids;
    private final Decoders decoders;
    private final SyslogLine presenter;
    private final List<LoadError> errors;
    /** Programs remembered (their plugin order, their last plugin) at most: names arrive from the network. */
    private static final int MAX_PROGRAMS = 10_000;
    private final Map<String, Order> orderByApp = new ConcurrentHashMap<>();
    private final Metrics metrics;
    /** Per program: the plugin that took its last line. Sources keep their format, so it is the best first guess. */
    private final Map<String, Integer> lastMatch = new ConcurrentHashMap<>();
    private final Map<OssimPlugin, Integer> indexOf = new java.util.IdentityHashMap<>();

    NormalizationEngine(List<OssimPlugin> plugins, SidTables sids, FieldFunctions functions, Decoders decoders,
                        SyslogLine presenter, Map<String, List<Integer>> routesByApp, List<LoadError> loadErrors, MeterRegistry registry) {
        this.plugins = List.copyOf(plugins);
        for (int i = 0; i < this.plugins.size(); i++) indexOf.put(this.plugins.get(i), i);
        this.sids = sids;
        this.decoders = decoders;
        this.presenter = presenter;
        List<LoadError> errs = new ArrayList<>(loadErrors);
        List<List<CompiledRule>> byPlugin = new ArrayList<>();
        List<Integer> specific = new ArrayList<>();
        List<Integer> generic = new ArrayList<>();
        for (int p = 0; p < this.plugins.size(); p++) {
            OssimPlugin plugin = this.plugins.get(p);
            List<CompiledRule> rules = new ArrayList<>();
            boolean hasCatchAll = false;
            for (PluginRule r : plugin.rules()) {
                try {
                    CompiledRule c = CompiledRule.compile(plugin, r, functions);
                    c.pluginIndex = p;
                    if (c.anchor == null) hasCatchAll = true;
                    rules.add(c);
                } catch (TemplateException e) {
                    errs.add(new LoadError(r.file(), r.name(), r.line(), "field template: " + e.getMessage()));
                }
            }
            byPlugin.add(rules);
            if (plugin.active()) (hasCatchAll ? generic : specific).add(p);
        }
        this.rulesByPlugin = byPlugin;
        List<Integer> order = new ArrayList<>(specific);
        order.addAll(generic);
        this.defaultOrder = List.copyOf(order);
        this.routes = Map.copyOf(routesByApp);
        // Anchor ids follow the default order, so the set of anchors found in a line, read in
        // id order, is the list of candidate rules in the order they are to be tried. Only
        // specific rules are scanned for: the short anchors of generic rules (":", "[") would
        // be reported at nearly every character; those are checked with contains when tried.
        List<String> anchors = new ArrayList<>();
        List<CompiledRule> byAnchor = new ArrayList<>();
        this.anchorsFrom = new int[this.plugins.size()];
        this.anchorsTo = new int[this.plugins.size()];
        java.util.Arrays.fill(anchorsFrom, -1);
        for (int p : order) {
            anchorsFrom[p] = anchors.size();
            for (CompiledRule c : byPlugin.get(p)) {
                if (c.anchor == null || !c.specific) continue;
                c.anchorId = anchors.size();
                anchors.add(c.anchor);
                byAnchor.add(c);
            }
            anchorsTo[p] = anchors.size();
        }
        this.ruleByAnchor = byAnchor.toArray(CompiledRule[]::new);
        this.literals = LiteralIndex.of(anchors);
        this.errors = List.copyOf(errs);
        this.metrics = new Metrics(registry == null ? new SimpleMeterRegistry() : registry);
    }

    public List<OssimPlugin> plugins() { return plugins; }
    public List<LoadError> errors() { return errors; }
    public SidTables sids() { return sids; }
    public SyslogLine presenter() { return presenter; }

    public int rules() {
        return rulesByPlugin.stream().mapToInt(List::size).sum();
    }

    /** Normalizes a parsed syslog event in place: a plugin's fields, else a decoder's, else nothing. */
    public void normalize(Event e) {
        String line = presenter.of(e);
        Optional<RuleMatch> m = match(line, e.app(), null);
        if (m.isPresent() && !excluded(m.get(), e)) {
            apply(m.get(), e);
            return;
        }
        Optional<Decoded> d = decoders.apply(e);
        if (d.isPresent()) {
            metrics.decoded(d.get().decoder());
        } else {
            metrics.unmatched.increment();
        }
    }

    /**
     * The rule that takes this line, trying plugins in routing order. {@code trace}, when not
     * null, receives one entry per rule considered, with why it did not match.
     */
    public Optional<RuleMatch> match(String line, String app, List<TraceEntry> trace) {
        String key = app == null ? "" : app;
        Integer last = lastMatch.get(key);
        Order order = order(app);
        Line l = scanned(line);
        int skip = -1;
        if (last != null && (order.routed == 0 || order.plugins[0] != last) && !order.configured) {
            // Configured routes always go first; otherwise the learned guess is tried before the
            // rest, with its specific rules only: the guess orders, it does not route. Several
            // sources can share a program name (devices that send none get a placeholder), and
            // a guessed plugin's catch-all would claim all their lines: cisco-asa's took every
            // line tagged "app" after one ASA line had matched.
            Optional<RuleMatch> m = matchSpecific(l, last, trace);
            if (m.isPresent()) return m;
            if (!isRouted(last, order.plugins, order.routed)) skip = last; // a routed plugin still tries its other rules
        }
        Optional<RuleMatch> m = match(l, order.plugins, order.routed, trace, skip);
        // Only a program name says "same source": lines without one share nothing to learn from.
        if (!key.isEmpty() && m.isPresent()) {
            int p = m.get().compiled().pluginIndex;
            if ((last == null || last != p) && (last != null || lastMatch.size() < MAX_PROGRAMS)) lastMatch.put(key, p);
        }
        return m;
    }

    /** The line with its literals found, for every rule tried on it. */
    private Line scanned(String line) {
        BitSet present = SCRATCH.get();
        present.clear();
        literals.scan(line, present);
        return new Line(line, present);
    }

    /** Only this plugin's rules (what {@code vigil plugins test} shows). */
    public Optional<RuleMatch> matchPlugin(String line, OssimPlugin plugin, List<TraceEntry> trace) {
        Integer p = indexOf.get(plugin);
        if (p == null) throw new IllegalArgumentException(plugin + " is not loaded in this engine");
        return match(scanned(line), new int[] {p}, 1, trace, -1);
    }

    /** The specific rules of one plugin whose literals are in the line, in the plugin's order. */
    private Optional<RuleMatch> matchSpecific(Line l, int plugin, List<TraceEntry> trace) {
        if (trace == null && anchorsFrom[plugin] >= 0) {
            // Every specific rule of an indexed plugin has an anchor id in its range.
            BitSet present = l.present;
            for (int id = present.nextSetBit(anchorsFrom[plugin]); id >= 0 && id < anchorsTo[plugin]; id = present.nextSetBit(id + 1)) {
                Optional<RuleMatch> m = attempt(ruleByAnchor[id], l, null);
                if (m != null) return m;
            }
            return Optional.empty();
        }
        for (CompiledRule r : rulesByPlugin.get(plugin)) {
            if (!r.specific) {
                if (trace != null) trace.add(new TraceEntry(r, "generic rule, tried only on lines routed to " + r.plugin.name()));
                continue;
            }
            Optional<RuleMatch> m = attempt(r, l, trace);
            if (m != null) return m;
        }
        return Optional.empty();
    }

    /**
     * Plugins in the order tried; the first {@code routed} try all their rules, the rest only
     * specific ones. {@code configured}: {@code normalize.routes} names the program.
     */
    private record Order(int[] plugins, int routed, boolean configured) {}

    /** {@code skip}: a plugin already tried on this line (the learned guess), or -1. */
    private Optional<RuleMatch> match(Line l, int[] order, int routed, List<TraceEntry> trace, int skip) {
        BitSet present = l.present;
        // Routed plugins: every rule, in the agent's order.
        for (int i = 0; i < routed; i++) {
            if (order[i] == skip) continue;
            for (CompiledRule r : rulesByPlugin.get(order[i])) {
                Optional<RuleMatch> m = attempt(r, l, trace);
                if (m != null) return m;
            }
        }
        if (routed >= order.length) return Optional.empty(); // only the given plugins were asked for
        if (trace != null) {
            // The slow path, rule by rule, so that the trace names every rule and why.
            for (int i = routed; i < order.length; i++) {
                if (order[i] == skip) continue;
                for (CompiledRule r : rulesByPlugin.get(order[i])) {
                    if (!r.specific) {
                        trace.add(new TraceEntry(r, "generic rule, tried only on lines routed to " + r.plugin.name()));
                        continue;
                    }
                    Optional<RuleMatch> m = attempt(r, l, trace);
                    if (m != null) return m;
                }
            }
            return Optional.empty();
        }
        // The rest: only rules whose anchor is in the line, already in the order to try them.
        for (int id = present.nextSetBit(0); id >= 0; id = present.nextSetBit(id + 1)) {
            CompiledRule r = ruleByAnchor[id];
            if (!r.specific) continue;
            int p = r.pluginIndex;
            if (p == skip || isRouted(p, order, routed)) continue;
            Optional<RuleMatch> m = attempt(r, l, null);
            if (m != null) return m;
        }
        return Optional.empty();
    }

    private static boolean isRouted(int p, int[] order, int routed) {
        for (int i = 0; i < routed; i++) if (order[i] == p) return true;
        return false;
    }

    /** A line being matched, with what is worked out about it once for all the rules tried. */
    private static final class Line {
        final String text;
        final BitSet present;
        final boolean latin1;
        private String lower;
        private String outline;

        Line(String text, BitSet present) {
            this.text = text;
            this.present = present;
            this.latin1 = TranslatedRegex.latin1(text);
        }

        /**
         * The line folded as rules' literals are ({@link CaseFold#fold}). For text below 256
         * that is lower case (no such character folds into ASCII, none changes length); beyond
         * it, the Kelvin sign and the long s match k and s in a regexp, and fold into them.
         */
        String lower() {
            if (lower == null) lower = latin1 ? text.toLowerCase(Locale.ROOT) : CaseFold.fold(text);
            return lower;
        }

        /** Worked out for the first rule that asks, shared by the others. */
        String outline() {
            if (outline == null) outline = TranslatedRegex.outline(text);
            return outline;
        }
    }

    /** One rule on one line: the match, or null (with the reason in the trace). */
    private Optional<RuleMatch> attempt(CompiledRule r, Line l, List<TraceEntry> trace) {
        String line = l.text;
        if (r.anchorId >= 0 && !l.present.get(r.anchorId)) {
            if (trace != null) trace.add(new TraceEntry(r, "required text '" + r.anchor + "' not in the line"));
            return null;
        }
        if (!r.rule.precheckPasses(line)) {
            if (trace != null) trace.add(new TraceEntry(r, "precheck '" + r.rule.precheck() + "' not in the line"));
            return null;
        }
        if (r.anchorId < 0 && r.anchor != null && !l.lower().contains(r.anchor)) {
            if (trace != null) trace.add(new TraceEntry(r, "required text '" + r.anchor + "' not in the line"));
            return null;
        }
        if (!r.others.isEmpty() && !r.othersPresent(l.lower())) {
            if (trace != null) trace.add(new TraceEntry(r, "required text " + r.others + " not all in the line"));
            return null;
        }
        if (!r.rule.multiLine() && !r.rule.regex().requiredShapes().isEmpty() && !r.rule.regex().mayMatch(l.outline())) {
            if (trace != null) {
                List<String> missing = r.rule.regex().requiredShapes().stream().filter(s -> !l.outline().contains(s)).toList();
                trace.add(new TraceEntry(r, "the line's outline '" + l.outline() + "' lacks " + missing.stream().map(s -> "'" + s + "'").toList()));
            }
            return null;
        }
        if (!r.rule.multiLine() && !r.rule.regex().mayMatchFolded(l.lower())) {
            if (trace != null) {
                trace.add(new TraceEntry(r, "the line lacks " + r.rule.regex().orderedLiterals().stream()
                        .map(i -> i.length == 1 ? "'" + i[0] + "'" : "one of " + java.util.Arrays.toString(i)).toList() + " in that order"));
            }
            return null;
        }
        GroupValues groups = find(r, l);
        if (groups == null) {
            if (trace != null) trace.add(new TraceEntry(r, "regexp does not match"));
            return null;
        }
        if (trace != null) trace.add(new TraceEntry(r, null));
        return Optional.of(new RuleMatch(r.plugin, r.rule, groups, r));
    }

    private GroupValues find(CompiledRule r, Line l) {
        try {
            return find(r.rule, l.text, l.latin1);
        } catch (BudgetedText.Exhausted e) {
            metrics.budgetExhausted(r.plugin.name());
            return null;
        }
    }

    private static GroupValues find(PluginRule rule, String line, boolean latin1) {
        if (!rule.multiLine()) {
            // The matcher itself is the result: it is not reused, and copying it (toMatchResult)
            // copies the whole group-name map on every match. The outline was checked by attempt.
            Matcher m = rule.regex().searchOutlined(new BudgetedText(line, BudgetedText.budgetFor(line)), latin1);
            return m == null ? null : rule.groups(m);
        }
        // A multi-line rule reads consecutive lines; within one message they are its lines.
        String[] parts = line.split("\n", -1);
        List<PluginRule.Line> lines = rule.lines();
        for (int start = 0; start + lines.size() <= parts.length; start++) {
            List<MatchResult> results = new ArrayList<>(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = lines.get(i).regex().search(new BudgetedText(parts[start + i], BudgetedText.budgetFor(parts[start + i])), latin1);
                if (m == null) break;
                results.add(m.toMatchResult());
            }
            if (results.size() == lines.size()) return rule.groups(results);
        }
        return null;
    }

    /** Keyed by the program as sent, so a line costs no lower-casing; bounded, as program names come from the network. */
    private Order order(String app) {
        String key = app == null ? "" : app;
        Order o = orderByApp.get(key);
        if (o != null) return o;
        o = computeOrder(key.toLowerCase(Locale.ROOT));
        if (orderByApp.size() < MAX_PROGRAMS) orderByApp.put(key, o);
        return o;
    }

    private Order computeOrder(String app) {
        List<Integer> first = new ArrayList<>(routes.getOrDefault(app, List.of()));
        if (!app.isEmpty()) {
            for (int p : defaultOrder) {
                OssimPlugin plugin = plugins.get(p);
                String name = plugin.name().toLowerCase(Locale.ROOT);
                String process = plugin.process() == null ? "" : plugin.process().toLowerCase(Locale.ROOT).trim();
                boolean mine = app.equals(process) || app.equals(name) || app.startsWith(name + "/");
                if (!first.contains(p) && mine) first.add(p);
            }
        }
        int routed = first.size();
        for (int p : defaultOrder) if (!first.contains(p)) first.add(p);
        return new Order(first.stream().mapToInt(Integer::intValue).toArray(), routed, routes.containsKey(app));
    }

    /**
     * A plugin's {@code exclude_sids}: the agent drops those events. Vigil keeps the line (it
     * is stored as a generic event, marked {@code extra.excluded_by}) but the plugin does not
     * normalize it, and counts it.
     */
    private boolean excluded(RuleMatch m, Event e) {
        if (m.plugin().excludeSids().isEmpty()) return false;
        FieldTemplate sid = m.compiled().fields.get("plugin_sid");
        if (sid == null) return false;
        String value = sid.evaluate(m.groups(), m.plugin(), e.received());
        if (!m.plugin().excluded(value)) return false;
        e.extra("excluded_by", m.plugin().name() + ":" + value);
        metrics.excluded(m.plugin().name());
        return true;
    }

    /** Sets the event's fields from a match, and priority and reliability from the SID table. */
    void apply(RuleMatch m, Event e) {
        Instant reference = e.received() != null ? e.received() : Instant.now();
        Map<String, String> values = evaluate(m, reference);
        OssimPlugin plugin = m.plugin();
        e.extra("plugin", plugin.name()).extra("rule", m.rule().name());
        values.forEach((field, value) -> set(e, field, value));
        if (e.pluginId() == null && plugin.pluginId() > 0) e.pluginId(plugin.pluginId());
        if (e.pluginId() != null && e.pluginSid() != null) {
            Optional<SidTables.SidInfo> sid = sids.find(e.pluginId(), e.pluginSid());
            if (sid.isPresent()) {
                e.priority(sid.get().priority()).reliability(sid.get().reliability());
                if (sid.get().name() != null) e.extra("sid_name", sid.get().name());
            } else {
                e.priority(SidTables.DEFAULT_PRIORITY).reliability(SidTables.DEFAULT_RELIABILITY);
                metrics.sidMissing(plugin.name());
            }
        }
        metrics.matched(plugin.name());
    }

    /** The field values a match produces, by OSSIM field name (what `vigil plugins test` prints). */
    public Map<String, String> evaluate(RuleMatch m, Instant reference) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, FieldTemplate> f : m.compiled().fields.entrySet()) {
            String v = f.getValue().evaluate(m.groups(), m.plugin(), reference);
            if (v != null && !v.isEmpty()) out.put(f.getKey(), v);
        }
        return out;
    }

    private static void set(Event e, String field, String v) {
        switch (field) {
            case "plugin_id" -> integer(e, field, v, e::pluginId);
            case "plugin_sid" -> integer(e, field, v, e::pluginSid);
            case "src_port" -> integer(e, field, v, e::srcPort);
            case "dst_port" -> integer(e, field, v, e::dstPort);
            case "priority" -> integer(e, field, v, e::priority);
            case "reliability" -> integer(e, field, v, e::reliability);
            case "date" -> {
                try {
                    Instant d = Instant.parse(v);
                    // Plugins read the date from the file-form header presented to them, which has
                    // whole seconds: when that is the event's own time to the second, the precise
                    // time (RFC 5424 carries microseconds) stays; correlation orders events by it.
                    if (e.time() == null || !e.time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).equals(d)) e.time(d);
                } catch (DateTimeParseException ex) {
                    e.extra("date", v); // a date no format read: kept as the plugin gave it
                }
            }
            case "src_ip" -> e.srcIp(v);
            case "dst_ip" -> e.dstIp(v);
            case "protocol" -> e.protocol(v);
            case "username" -> e.username(v);
            case "password" -> e.password(v);
            case "filename" -> e.filename(v);
            case "userdata1" -> e.userdata1(v);
            case "userdata2" -> e.userdata2(v);
            case "userdata3" -> e.userdata3(v);
            case "userdata4" -> e.userdata4(v);
            case "userdata5" -> e.userdata5(v);
            case "userdata6" -> e.userdata6(v);
            case "userdata7" -> e.userdata7(v);
            case "userdata8" -> e.userdata8(v);
            case "userdata9" -> e.userdata9(v);
            case "interface" -> e.iface(v);
            case "sensor" -> e.sensor(v);
            default -> e.extra(field, v); // fields the Event has no typed slot for
        }
    }

    private static void integer(Event e, String field, String v, java.util.function.Consumer<Integer> setter) {
        String t = v.trim();
        // Plugins map words here too ("BLOCK]" as a port): checked before parsing, because a
        // thrown exception per such event cost more than the rest of the mapping.
        if (!isInteger(t)) {
            e.extra(field, v); // not a number: kept where a person can see it
            return;
        }
        try {
            setter.accept(Integer.valueOf(t));
        } catch (NumberFormatException ex) {
            e.extra(field, v); // out of range
        }
    }

    private static boolean isInteger(String t) {
        int i = !t.isEmpty() && (t.charAt(0) == '-' || t.charAt(0) == '+') ? 1 : 0;
        if (i == t.length()) return false;
        for (; i < t.length(); i++) if (t.charAt(i) < '0' || t.charAt(i) > '9') return false;
        return true;
    }

    /** One rule considered for a line: {@code whyNot} is null for the rule that matched. */
    public record TraceEntry(CompiledRule rule, String whyNot) {
        public String plugin() { return rule.plugin.name(); }
        public String section() { return rule.rule.name(); }
    }

    /** Per-plugin counters: matched, sid_missing; and unmatched and decoded lines. */
    static final class Metrics {
        final MeterRegistry registry;
        final Counter unmatched;
        final Map<String, Counter> matched = new ConcurrentHashMap<>();
        final Map<String, Counter> missing = new ConcurrentHashMap<>();
        final Map<String, Counter> decoded = new ConcurrentHashMap<>();
        final Map<String, Counter> budget = new ConcurrentHashMap<>();

        Metrics(MeterRegistry registry) {
            this.registry = registry;
            this.unmatched = Counter.builder("vigil.normalize.unmatched").description("Lines no plugin or decoder took (kept as generic events)").register(registry);
        }

        void matched(String plugin) {
            matched.computeIfAbsent(plugin, p -> Counter.builder("vigil.normalize.matched").tag("plugin", p)
                    .description("Lines a plugin normalized").register(registry)).increment();
        }

        void sidMissing(String plugin) {
            missing.computeIfAbsent(plugin, p -> Counter.builder("vigil.normalize.sid_missing").tag("plugin", p)
                    .description("Events whose plugin_sid has no row in the SID tables (priority 1, reliability 1 used)").register(registry)).increment();
        }

        final Map<String, Counter> excluded = new ConcurrentHashMap<>();

        void excluded(String plugin) {
            excluded.computeIfAbsent(plugin, p -> Counter.builder("vigil.normalize.excluded").tag("plugin", p)
                    .description("Lines a plugin matched with a plugin_sid its exclude_sids lists (kept as generic events)").register(registry)).increment();
        }

        void budgetExhausted(String plugin) {
            budget.computeIfAbsent(plugin, p -> Counter.builder("vigil.normalize.regex_budget_exhausted").tag("plugin", p)
                    .description("Regexp runs abandoned for reading a line too many times (catastrophic backtracking)").register(registry)).increment();
        }

        void decoded(String decoder) {
            decoded.computeIfAbsent(decoder, d -> Counter.builder("vigil.normalize.decoded").tag("decoder", d)
                    .description("Lines a structured decoder took").register(registry)).increment();
        }
    }
}
