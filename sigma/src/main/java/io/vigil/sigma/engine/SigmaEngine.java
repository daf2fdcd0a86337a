package io.vigil.sigma.engine;

import io.vigil.core.event.Event;
import io.vigil.sigma.rule.FieldSlots;
import io.vigil.sigma.rule.SigmaCorrelation;
import io.vigil.sigma.rule.SigmaRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs Sigma rules over the event stream: each event is classified into one log source of the
 * mapping and meets only the rules placed on it; detection matches feed the correlation rules
 * that refer to them. Time is the caller's (event time, in order, as the reorder buffer gives
 * it); {@link #advanceTo} closes windows. Single-threaded, like the directive engine.
 */
public final class SigmaEngine {
    /** Counters, for status and metrics. */
    public static final class Stats {
        public long events;
        public long unclassified;
        public long ruleMatches;
        public long matchesOut;
        public long correlationsFired;
        public long groupsEvicted;
        public int liveGroups;
    }

    /** Why a correlation rule cannot run, by its key. */
    public record Problem(SigmaCorrelation correlation, String reason) {}

    private final SigmaContent content;
    private final SigmaMapping mapping;
    private final List<Function<Event, String>[]> accessors = new ArrayList<>();
    private final List<SigmaRule[]> rulesBySource = new ArrayList<>();
    private final Map<String, List<Wired>> correlationsByRule = new HashMap<>();
    private final List<CorrelationState> states = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private final EventRecord record = new EventRecord();
    private final Stats stats = new Stats();

    /** A correlation as one referred rule feeds it: where its group-by values and field are read. */
    private record Wired(CorrelationState state, SigmaCorrelation c, String[] groupNames, int[] groupSlots, int fieldSlot) {}

    @SuppressWarnings("unchecked")
    public SigmaEngine(SigmaContent content, int maxGroupsPerCorrelation) {
        this.content = content;
        this.mapping = content.mapping();
        FieldSlots slots = content.slots();
        int n = slots.size();
        Map<String, List<SigmaRule>> bySource = new LinkedHashMap<>();
        for (SigmaContent.Placement p : content.placements()) {
            for (String s : p.sources()) bySource.computeIfAbsent(s, k -> new ArrayList<>()).add(p.rule());
        }
        for (SigmaMapping.Source s : mapping.sources()) {
            Function<Event, String>[] a = new Function[n];
            a[FieldSlots.KEYWORDS] = e -> e.log() != null ? e.log() : e.message();
            for (int i = 1; i < n; i++) a[i] = s.resolve(slots.name(i));
            accessors.add(a);
            rulesBySource.add(bySource.getOrDefault(s.name(), List.of()).toArray(SigmaRule[]::new));
        }
        for (SigmaCorrelation c : content.correlations()) {
            CorrelationState state = new CorrelationState(c, maxGroupsPerCorrelation);
            List<String> unmapped = new ArrayList<>();
            for (SigmaRule r : c.rules()) {
                String[] names = new String[c.groupBy().size()];
                int[] gs = new int[names.length];
                for (int i = 0; i < names.length; i++) {
                    String g = c.groupBy().get(i);
                    Map<String, String> alias = c.aliases().get(g);
                    String field = alias != null && r.name() != null && alias.containsKey(r.name()) ? alias.get(r.name()) : g;
                    names[i] = g;
                    gs[i] = slots.slot(field);
                    checkMapped(r, field, unmapped);
                }
                int fs = c.field() == null ? -1 : slots.slot(c.field());
                if (c.field() != null) checkMapped(r, c.field(), unmapped);
                correlationsByRule.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(new Wired(state, c, names, gs, fs));
            }
            if (!unmapped.isEmpty()) problems.add(new Problem(c, "group-by or field not mapped: " + String.join("; ", unmapped)));
            states.add(state);
        }
    }

    private void checkMapped(SigmaRule r, String field, List<String> unmapped) {
        for (SigmaContent.Placement p : content.placements()) {
            if (p.rule() != r) continue;
            for (String s : p.sources()) {
                if (mapping.source(s).resolve(field) == null) unmapped.add(s + " does not map " + field);
            }
        }
    }

    public SigmaContent content() {
        return content;
    }

    public List<Problem> problems() {
        return problems;
    }

    public Stats stats() {
        int live = 0;
        long ev = 0;
        for (CorrelationState s : states) {
            live += s.size();
            ev += s.evicted;
        }
        stats.liveGroups = live;
        stats.groupsEvicted = ev;
        return stats;
    }

    /** The log source an event belongs to, or null. */
    public String sourceOf(Event e) {
        int i = mapping.classify(e);
        return i < 0 ? null : mapping.sources().get(i).name();
    }

    /** Runs the rules of the event's log source; {@code time} is its event time in epoch ms. */
    public List<SigmaMatch> process(Event e, long time) {
        Detection d = detect(e);
        return d == null ? List.of() : apply(e, d, time);
    }

    /**
     * The rules of an event's log source whose detection matched it: the stateless half of
     * {@link #process}, which can run before the event's turn in time order (the correlator
     * holds back for ordering only the events that matched something).
     */
    public record Detection(int source, SigmaRule[] rules) {}

    /** What matched the event, or null when nothing did. */
    public Detection detect(Event e) {
        stats.events++;
        int si = mapping.classify(e);
        if (si < 0) {
            stats.unclassified++;
            return null;
        }
        SigmaRule[] rules = rulesBySource.get(si);
        if (rules.length == 0) return null;
        record.bind(e, accessors.get(si));
        SigmaRule[] matched = null;
        int n = 0;
        for (SigmaRule r : rules) {
            if (!r.detection().matches(record)) continue;
            stats.ruleMatches++;
            if (matched == null) matched = new SigmaRule[Math.min(rules.length, 4)];
            else if (n == matched.length) matched = java.util.Arrays.copyOf(matched, Math.min(rules.length, n * 2));
            matched[n++] = r;
        }
        return matched == null ? null : new Detection(si, java.util.Arrays.copyOf(matched, n));
    }

    /** The stateful half, in event-time order: matches of rules that generate, and correlation state. */
    public List<SigmaMatch> apply(Event e, Detection d, long time) {
        record.bind(e, accessors.get(d.source()));
        List<SigmaMatch> out = new ArrayList<>(2);
        for (SigmaRule r : d.rules()) {
            if (r.generate()) out.add(new SigmaMatch(r, null, List.of(e.id()), e, Map.of(), 1, time));
            List<Wired> ws = correlationsByRule.get(r.key());
            if (ws == null) continue;
            for (Wired w : ws) {
                Map<String, String> group = new LinkedHashMap<>();
                for (int i = 0; i < w.groupSlots.length; i++) {
                    String v = record.value(w.groupSlots[i]);
                    group.put(w.groupNames[i], v == null ? "" : v);
                }
                SigmaMatch m = w.state.update(r, group, w.fieldSlot < 0 ? null : record.value(w.fieldSlot), e, time);
                if (m != null) {
                    stats.correlationsFired++;
                    out.add(m);
                }
            }
        }
        stats.matchesOut += out.size();
        return out;
    }

    /** Event time has reached {@code watermark}: closes correlation windows (lt/eq-style conditions fire here). */
    public List<SigmaMatch> advanceTo(long watermark) {
        List<SigmaMatch> out = new ArrayList<>();
        for (CorrelationState s : states) out.addAll(s.advanceTo(watermark));
        stats.correlationsFired += out.size();
        stats.matchesOut += out.size();
        return out;
    }

    /** The group a correlation last counted an event in, and its state, as `rules test` shows it; null before any. */
    public String lastGroup(SigmaCorrelation c) {
        for (CorrelationState s : states) if (s.correlation() == c) return s.describeLast();
        return null;
    }

    /** Why a rule did or did not take an event: its log source, each selection, the condition. */
    public record Explanation(String source, List<String> ruleSources, Map<String, Boolean> selections, boolean condition, String reason) {}

    /** Evaluates one rule on one event without touching any state (the content author's view). */
    public Explanation explain(SigmaRule rule, Event e) {
        int si = mapping.classify(e);
        String source = si < 0 ? null : mapping.sources().get(si).name();
        List<String> on = content.placements().stream().filter(p -> p.rule() == rule).findFirst().map(SigmaContent.Placement::sources).orElse(List.of());
        if (si < 0) return new Explanation(null, on, Map.of(), false, "the event belongs to no log source of the mapping");
        if (!on.contains(source)) {
            return new Explanation(source, on, Map.of(), false, "the event is in log source " + source + "; the rule runs on "
                    + (on.isEmpty() ? "none" : String.join(", ", on)));
        }
        EventRecord r = new EventRecord();
        r.bind(e, accessors.get(si));
        Map<String, Boolean> sel = new LinkedHashMap<>();
        rule.detection().selections().forEach((name, m) -> sel.put(name, m.matches(r)));
        boolean cond = rule.detection().matches(r);
        return new Explanation(source, on, sel, cond, null);
    }
}
