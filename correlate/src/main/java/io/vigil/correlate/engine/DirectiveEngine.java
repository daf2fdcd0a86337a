package io.vigil.correlate.engine;

import io.vigil.core.event.Event;
import io.vigil.core.event.Uuid7;
import io.vigil.correlate.directive.Directive;
import io.vigil.correlate.directive.Networks;
import io.vigil.correlate.directive.Ref;
import io.vigil.correlate.directive.Rule;
import io.vigil.correlate.directive.TextSpec;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs OSSIM directives over normalized events, in event-time order (the caller orders them;
 * see {@link ReorderBuffer}). Semantics follow the OSSIM server (docs/correlation.md says
 * where Vigil decided otherwise, and why):
 * <ul>
 *   <li>every open backlog of a candidate directive is offered the event; only the rules
 *       that follow its current rule are tried, in document order; a rule counts matching
 *       events until its occurrence is reached, and the event that reaches it completes the
 *       level (earlier siblings still count the event);</li>
 *   <li>an event that touched no backlog of a directive and matches its root opens a new
 *       backlog of it;</li>
 *   <li>each level reached emits a directive event (plugin_id 1505, plugin_sid the directive's
 *       id) and, when its risk reaches 1, raises or updates the backlog's one alarm;</li>
 *   <li>a backlog expires when every next rule's time_out has passed since its level completed.</li>
 * </ul>
 * Candidates come from an index by plugin_id, so an event meets only the directives whose
 * rules name its plugin. Not thread-safe: one thread (the pipeline's) drives it.
 */
public final class DirectiveEngine {
    /** The plugin_id of directive events, as in OSSIM. */
    public static final int DIRECTIVE_PLUGIN_ID = 1505;
    /** How many times directive events may feed directives again in a chain (a loop guard). */
    static final int MAX_CHAIN = 4;

    /** Where the engine's results go. */
    public interface Sink {
        void directiveEvent(Event event);

        void alarm(Alarm alarm);
    }

    /** Bounds on backlog memory: the oldest backlog is evicted beyond them (and counted). */
    public record Limits(int perDirective, int total) {
        public static final Limits DEFAULT = new Limits(10_000, 200_000);
    }

    /** Counters, for status and metrics. */
    public static final class Stats {
        public long events;
        public long candidates;
        public long opened;
        public long levelsReached;
        public long expired;
        public long evicted;
        public long directiveEvents;
        public long alarmsRaised;
        public long alarmsUpdated;
        public long live;
    }

    /** A directive's open backlogs: by the source address their next rules require, and the rest. */
    private static final class Live {
        final Map<String, List<Backlog>> bySource = new HashMap<>();
        final List<Backlog> unkeyed = new ArrayList<>();
        int size;

        List<Backlog> bucket(String key) {
            return key == null ? unkeyed : bySource.computeIfAbsent(key, k -> new ArrayList<>(2));
        }

        void add(Backlog b) {
            bucket(b.key).add(b);
            size++;
        }

        void remove(Backlog b) {
            List<Backlog> l = b.key == null ? unkeyed : bySource.get(b.key);
            if (l != null && l.remove(b)) {
                size--;
                if (l.isEmpty() && b.key != null) bySource.remove(b.key);
            }
        }

        /** The backlogs an event from {@code source} could advance. */
        List<Backlog> candidates(String source) {
            List<Backlog> keyed = source == null ? null : bySource.get(source);
            if (keyed == null) return unkeyed.isEmpty() ? List.of() : List.copyOf(unkeyed);
            if (unkeyed.isEmpty()) return List.copyOf(keyed);
            List<Backlog> all = new ArrayList<>(keyed);
            all.addAll(unkeyed);
            return all;
        }
    }

    private final Map<Integer, List<Directive>> byPluginId = new HashMap<>();
    private final List<Directive> anyPlugin = new ArrayList<>();
    private final Map<Integer, Live> backlogs = new HashMap<>();
    /** Every live backlog, oldest first (for eviction beyond the total bound). */
    private final LinkedHashMap<Backlog, Boolean> byAge = new LinkedHashMap<>();
    private final Networks networks;
    private final AssetValues assets;
    private final Limits limits;
    private final Sink sink;
    private final Stats stats = new Stats();
    private final List<Directive> directives;
    private long watermark = Long.MIN_VALUE;

    public DirectiveEngine(List<Directive> directives, Networks networks, AssetValues assets, Limits limits, Sink sink) {
        this.directives = List.copyOf(directives);
        this.networks = networks;
        this.assets = assets;
        this.limits = limits;
        this.sink = sink;
        for (Directive d : directives) {
            java.util.Set<Long> ids = new java.util.TreeSet<>();
            if (!pluginIds(d.root(), ids)) {
                anyPlugin.add(d);
                continue;
            }
            for (long id : ids) byPluginId.computeIfAbsent((int) id, k -> new ArrayList<>()).add(d);
        }
    }

    /** Collects the plugin ids any rule of the tree names; false when some rule takes any plugin. */
    private static boolean pluginIds(Rule r, java.util.Set<Long> out) {
        boolean bounded = true;
        if (!r.monitor()) {
            long[] v = r.pluginId().literalValues(1024);
            if (v == null) bounded = false;
            else for (long x : v) out.add(x);
        }
        for (Rule c : r.children()) bounded &= pluginIds(c, out);
        return bounded;
    }

    public List<Directive> directives() {
        return directives;
    }

    public Stats stats() {
        stats.live = byAge.size();
        return stats;
    }

    /** Offers one event (events must come in event-time order), and whatever directive events it causes. */
    public void process(Event event) {
        Deque<Event> queue = new ArrayDeque<>();
        queue.add(event);
        while (!queue.isEmpty()) {
            Event e = queue.poll();
            for (Event produced : offer(e)) {
                if (chain(produced) <= MAX_CHAIN) queue.add(produced);
            }
        }
    }

    /** Expires backlogs whose windows closed before {@code time} (event time, ms): call as time passes. */
    public void advanceTo(long time) {
        if (time > watermark) watermark = time;
        List<Backlog> gone = new ArrayList<>();
        for (Backlog b : byAge.keySet()) if (b.expiresAt < watermark) gone.add(b);
        for (Backlog b : gone) {
            remove(b);
            stats.expired++;
        }
    }

    private static int chain(Event e) {
        String c = e.extra().get("correlation_chain");
        return c == null ? 0 : Integer.parseInt(c);
    }

    private List<Event> offer(Event e) {
        stats.events++;
        List<Event> produced = new ArrayList<>(0);
        Integer pid = e.pluginId();
        if (pid == null || e.pluginSid() == null) return produced;
        long t = timeOf(e);
        if (t > watermark) watermark = t;
        List<Directive> listed = byPluginId.getOrDefault(pid, List.of());
        for (int i = 0, n = listed.size() + anyPlugin.size(); i < n; i++) {
            Directive d = i < listed.size() ? listed.get(i) : anyPlugin.get(i - listed.size());
            if (pid == DIRECTIVE_PLUGIN_ID && e.pluginSid() == d.id()) continue; // a directive never feeds itself
            stats.candidates++;
            boolean touched = false;
            Live live = backlogs.get(d.id());
            if (live != null) {
                for (Backlog b : live.candidates(e.srcIp())) {
                    if (b.expiresAt < t) {
                        remove(b);
                        stats.expired++;
                        continue;
                    }
                    touched |= advance(b, e, t, produced);
                }
            }
            if (!touched && matches(d.root(), e, null)) open(d, e, t, produced);
        }
        return produced;
    }

    /** Tries the rules after the backlog's current one; whether any of them took the event into account. */
    private boolean advance(Backlog b, Event e, long t, List<Event> produced) {
        boolean touched = false;
        boolean recorded = false;
        for (Rule next : b.current().children()) {
            if (!b.open(next, t) || !matches(next, e, b)) continue;
            touched = true;
            Backlog.Pending p = b.pending.computeIfAbsent(next, k -> new Backlog.Pending());
            if (next.stickyDifferent() != null && next.occurrence() > 1) {
                Object v = Fields.get(e, next.stickyDifferent());
                if (v != null && !p.seen.add(v)) continue; // a value this rule has seen: not counted again
            }
            if (!recorded) {
                b.record(e, instant(t));
                recorded = true;
            }
            p.counted++;
            p.maxSource = Math.max(p.maxSource, assets.valueOf(e.srcIp()));
            if (p.counted < next.occurrence()) continue;
            Live live = backlogs.get(b.directive.id());
            live.remove(b); // filed again under the key of its new level
            b.reach(next, e, t, p.maxSource);
            live.add(b);
            stats.levelsReached++;
            emit(b, e, t, produced);
            if (b.done) remove(b);
            break;
        }
        return touched;
    }

    private void open(Directive d, Event e, long t, List<Event> produced) {
        Backlog b = new Backlog(d);
        b.record(e, instant(t));
        b.reach(d.root(), e, t, assets.valueOf(e.srcIp())); // a root completes with its first event
        stats.opened++;
        stats.levelsReached++;
        if (!b.done) {
            backlogs.computeIfAbsent(d.id(), k -> new Live()).add(b);
            byAge.put(b, Boolean.TRUE);
            bound(d);
        }
        emit(b, e, t, produced);
    }

    private void emit(Backlog b, Event e, long t, List<Event> produced) {
        Directive d = b.directive;
        int reliability = b.reliability();
        int source = b.maxSourceValue.get(b.maxSourceValue.size() - 1);
        Risk risk = Risk.of(d.priority(), source, assets.valueOf(e.dstIp()), reliability);
        b.trail.add(new Alarm.Level(b.level(), b.current().name(), e.id(), instant(t), reliability, risk));
        // OSSIM emits nothing when a backlog opens unless that first level alone would alarm
        // on the destination's side (or the directive has a single rule).
        if (b.level() == 1 && !b.done && risk.attack() < 1) return;
        Event de = directiveEvent(b, e, t, reliability, risk);
        stats.directiveEvents++;
        sink.directiveEvent(de);
        produced.add(de);
        if (risk.alarming() || b.alarmed) {
            if (b.alarmed) stats.alarmsUpdated++;
            else stats.alarmsRaised++;
            b.alarmed = true;
            sink.alarm(new Alarm(b.id, d.id(), title(d.name(), e), d.priority(), b.level(), reliability, risk,
                    e.srcIp(), e.dstIp(), e.srcPort(), e.dstPort(), b.first, b.last, List.copyOf(b.events), List.copyOf(b.trail)));
        }
    }

    private static Event directiveEvent(Backlog b, Event e, long t, int reliability, Risk risk) {
        Directive d = b.directive;
        Event de = new Event().id(Uuid7.next()).time(instant(t)).received(Instant.now()).collector("correlation")
                .pluginId(DIRECTIVE_PLUGIN_ID).pluginSid(d.id())
                .srcIp(e.srcIp()).dstIp(e.dstIp()).srcPort(e.srcPort()).dstPort(e.dstPort()).protocol(e.protocol())
                .username(e.username()).password(e.password()).filename(e.filename()).sensor(e.sensor())
                .userdata1(e.userdata1()).userdata2(e.userdata2()).userdata3(e.userdata3()).userdata4(e.userdata4())
                .userdata5(e.userdata5()).userdata6(e.userdata6()).userdata7(e.userdata7()).userdata8(e.userdata8())
                .userdata9(e.userdata9())
                .priority(d.priority()).reliability(reliability)
                .message("directive_event: " + title(d.name(), e));
        de.extra("backlog_id", b.id.toString());
        de.extra("directive_level", Integer.toString(b.level()));
        de.extra("risk", Integer.toString(risk.value()));
        de.extra("correlation_chain", Integer.toString(chain(e) + 1));
        return de;
    }

    /** The directive's name with the event's addresses and ports written in, as OSSIM titles alarms. */
    static String title(String name, Event e) {
        return name.replace("SRC_IP", String.valueOf(e.srcIp())).replace("DST_IP", String.valueOf(e.dstIp()))
                .replace("SRC_PORT", String.valueOf(e.srcPort())).replace("DST_PORT", String.valueOf(e.dstPort()));
    }

    /** Whether an event meets a rule's conditions; {@code b} resolves references (null at the root). */
    boolean matches(Rule r, Event e, Backlog b) {
        if (r.monitor() || !r.unsupported().isEmpty()) return false; // no monitor or reputation source here
        if (!r.product().isAny() || !r.category().isAny() || !r.subcategory().isAny()) return false; // taxonomy ids: see docs/correlation.md
        java.util.function.Function<Ref, Object> refs = b == null ? ref -> null : b::resolve;
        if (!r.pluginId().matches(e.pluginId(), refs)) return false;
        if (!r.pluginSid().matches(e.pluginSid(), refs)) return false;
        if (!r.from().matches(e.srcIp(), networks, refs)) return false;
        if (!r.to().matches(e.dstIp(), networks, refs)) return false;
        if (!r.portFrom().matches(e.srcPort(), refs)) return false;
        if (!r.portTo().matches(e.dstPort(), refs)) return false;
        if (!r.protocol().matches(Fields.protocol(e.protocol()), refs)) return false;
        if (!r.sensor().matches(e.sensor(), refs)) return false;
        for (Map.Entry<Ref.Field, TextSpec> t : r.texts().entrySet()) {
            Object v = Fields.get(e, t.getKey());
            if (!t.getValue().matches(v == null ? null : v.toString(), refs)) return false;
        }
        return true;
    }

    private void bound(Directive d) {
        Live live = backlogs.get(d.id());
        while (live.size > limits.perDirective()) {
            // the oldest of this directive: the first in age order that belongs to it
            Backlog oldest = null;
            for (Backlog b : byAge.keySet()) {
                if (b.directive == d) {
                    oldest = b;
                    break;
                }
            }
            remove(oldest);
            stats.evicted++;
        }
        while (byAge.size() > limits.total()) {
            remove(byAge.keySet().iterator().next());
            stats.evicted++;
        }
    }

    private void remove(Backlog b) {
        Live live = backlogs.get(b.directive.id());
        if (live != null) {
            live.remove(b);
            if (live.size == 0) backlogs.remove(b.directive.id());
        }
        byAge.remove(b);
    }

    /** The time an event counts at: its own time, else when it was received, else its id's time (ms). */
    static long timeOf(Event e) {
        if (e.time() != null) return e.time().toEpochMilli();
        if (e.received() != null) return e.received().toEpochMilli();
        return e.id() != null ? Uuid7.millis(e.id()) : 0;
    }

    private static Instant instant(long ms) {
        return Instant.ofEpochMilli(ms);
    }
}
