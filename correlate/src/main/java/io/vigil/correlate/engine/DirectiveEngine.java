package io.vigil.correlate.engine;

import io.vigil.core.event.Event;
import io.vigil.core.net.IpLiterals;
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

    /**
     * A directive's open backlogs: filed by the source (or destination) address their next
     * rules require, and the rest; and all of them in the order they opened (the first is the
     * oldest, evicted first).
     */
    private static final class Live {
        final Map<String, java.util.Set<Backlog>> bySource = new HashMap<>();
        final Map<String, java.util.Set<Backlog>> byDestination = new HashMap<>();
        final java.util.Set<Backlog> unkeyed = new java.util.LinkedHashSet<>();
        final java.util.Set<Backlog> all = new java.util.LinkedHashSet<>();

        void add(Backlog b) {
            all.add(b);
            file(b);
        }

        void remove(Backlog b) {
            if (all.remove(b)) unfile(b);
        }

        /** Files the backlog under its key (after it moved to a new level). */
        void file(Backlog b) {
            if (b.key == null) unkeyed.add(b);
            else (b.keyIsDestination ? byDestination : bySource).computeIfAbsent(b.key, k -> new java.util.LinkedHashSet<>(4)).add(b);
        }

        void unfile(Backlog b) {
            if (b.key == null) {
                unkeyed.remove(b);
                return;
            }
            Map<String, java.util.Set<Backlog>> m = b.keyIsDestination ? byDestination : bySource;
            java.util.Set<Backlog> s = m.get(b.key);
            if (s != null && s.remove(b) && s.isEmpty()) m.remove(b.key);
        }

        int size() {
            return all.size();
        }

        /** The backlogs an event from {@code source} to {@code destination} could advance, oldest first within each part. */
        List<Backlog> candidates(String source, String destination) {
            java.util.Set<Backlog> s = source == null ? null : bySource.get(source);
            java.util.Set<Backlog> d = destination == null ? null : byDestination.get(destination);
            if (s == null && d == null && unkeyed.isEmpty()) return List.of();
            List<Backlog> out = new ArrayList<>((s == null ? 0 : s.size()) + (d == null ? 0 : d.size()) + unkeyed.size());
            if (s != null) out.addAll(s);
            if (d != null) out.addAll(d);
            out.addAll(unkeyed);
            return out;
        }
    }

    /** The event's addresses, parsed once: its rules test them many times over. */
    private final AddressMemo source = new AddressMemo();
    private final AddressMemo destination = new AddressMemo();
    private final Map<Integer, List<Directive>> byPluginId = new HashMap<>();
    private final List<Directive> anyPlugin = new ArrayList<>();
    private final Map<Integer, Live> backlogs = new HashMap<>();
    /** Every live backlog, oldest first (for eviction beyond the total bound). */
    private final LinkedHashMap<Backlog, Boolean> byAge = new LinkedHashMap<>();
    private final Networks networks;
    private final AssetValues assets;
    private final Limits limits;
    private final Sink sink;
    private final Taxonomy taxonomy;
    private final Stats stats = new Stats();
    private final List<Directive> directives;
    private long watermark = Long.MIN_VALUE;
    private Trace trace;

    public DirectiveEngine(List<Directive> directives, Networks networks, AssetValues assets, Limits limits, Sink sink) {
        this(directives, networks, assets, Taxonomy.NONE, limits, sink);
    }

    public DirectiveEngine(List<Directive> directives, Networks networks, AssetValues assets, Taxonomy taxonomy, Limits limits,
                           Sink sink) {
        this.taxonomy = taxonomy;
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

    /** Reports each step to {@code trace} (for the content author's test tool; slows the engine). */
    public DirectiveEngine trace(Trace trace) {
        this.trace = trace;
        return this;
    }

    public List<Directive> directives() {
        return directives;
    }

    public Stats stats() {
        stats.live = byAge.size();
        return stats;
    }

    /**
     * Whether some directive could take this event: it has a plugin id and sid, and a rule names
     * its plugin id or takes any. Others pass through {@link #process} untouched, so the
     * correlator need not hold them back for ordering.
     */
    public boolean takes(Event e) {
        Integer pid = e.pluginId();
        return pid != null && e.pluginSid() != null && (!anyPlugin.isEmpty() || byPluginId.containsKey(pid));
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
                // traced (an author testing content), every backlog says why it did not take the event
                for (Backlog b : trace != null ? List.copyOf(live.all) : live.candidates(e.srcIp(), e.dstIp())) {
                    if (b.expiresAt < t) {
                        remove(b);
                        stats.expired++;
                        continue;
                    }
                    touched |= advance(b, e, t, produced);
                }
            }
            if (!touched) {
                if (matches(d.root(), e, null)) open(d, e, t, produced);
                else if (trace != null) trace.missed(null, d, d.root(), whyNot(d.root(), e, null), e);
            }
        }
        return produced;
    }

    /** Tries the rules after the backlog's current one; whether any of them took the event into account. */
    private boolean advance(Backlog b, Event e, long t, List<Event> produced) {
        boolean touched = false;
        boolean recorded = false;
        for (Rule next : b.current().children()) {
            if (!b.open(next, t)) {
                if (trace != null) trace.missed(b.id, b.directive, next, "its window closed: time_out " + next.timeOut() + " s after level "
                        + b.level() + " completed at " + instant(b.windowStart), e);
                continue;
            }
            if (!matches(next, e, b)) {
                if (trace != null) trace.missed(b.id, b.directive, next, whyNot(next, e, b), e);
                continue;
            }
            touched = true;
            Backlog.Pending p = b.pending.computeIfAbsent(next, k -> new Backlog.Pending());
            if (next.stickyDifferent() != null && next.occurrence() > 1) {
                Object v = Fields.get(e, next.stickyDifferent());
                if (v != null && !p.seen.add(v)) { // a value this rule has seen: not counted again
                    if (trace != null) trace.missed(b.id, b.directive, next, "sticky_different: " + next.stickyDifferent() + " " + v + " was counted already", e);
                    continue;
                }
            }
            if (!recorded) {
                b.record(e, instant(t));
                recorded = true;
            }
            p.counted++;
            p.maxSource = Math.max(p.maxSource, assets.valueOf(e.srcIp()));
            if (p.counted < next.occurrence()) {
                if (trace != null) trace.counted(b.id, b.directive, next, p.counted, e);
                continue;
            }
            Live live = backlogs.get(b.directive.id());
            live.unfile(b); // filed again under the key of its new level
            b.reach(next, e, t, p.maxSource);
            live.file(b);
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
        if (trace != null) trace.opened(b.id, d, e);
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
        if (trace != null) trace.reached(b.id, d, b.current(), b.level(), reliability, risk, e);
        // OSSIM emits nothing when a backlog opens unless that first level alone would alarm
        // on the destination's side (or the directive has a single rule).
        if (b.level() == 1 && !b.done && risk.attack() < 1) return;
        Event de = directiveEvent(b, e, t, reliability, risk);
        stats.directiveEvents++;
        sink.directiveEvent(de);
        produced.add(de);
        if (risk.alarming() || b.alarmed) {
            boolean raised = !b.alarmed;
            if (raised) stats.alarmsRaised++;
            else stats.alarmsUpdated++;
            b.alarmed = true;
            sink.alarm(new Alarm(b.id, raised, d.id(), title(d.name(), e), d.priority(), b.level(), reliability, risk,
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
        return failure(r, e, b, false) == null;
    }

    /** Why a rule does not take an event, as a person reads it; null when it does. */
    String whyNot(Rule r, Event e, Backlog b) {
        return failure(r, e, b, true);
    }

    private static final String FAILS = "";

    /**
     * The first condition of the rule the event fails, or null. Explanations are built only
     * when asked ({@code explain}); the hot path gets an empty marker.
     */
    private String failure(Rule r, Event e, Backlog b, boolean explain) {
        if (r.monitor()) return explain ? "a monitor rule: it needs a monitor source, which Vigil does not have yet" : FAILS;
        if (!r.unsupported().isEmpty()) return explain ? "needs " + String.join(", ", r.unsupported()) + ", not available here" : FAILS;
        java.util.function.Function<Ref, Object> refs = b == null ? ref -> null : b::resolve;
        if (!r.product().isAny() || !r.category().isAny() || !r.subcategory().isAny()) {
            String why = taxonomyFailure(r, e, refs, explain);
            if (why != null) return why;
        }
        if (!r.pluginId().matches(e.pluginId(), refs)) return explain ? "plugin_id " + e.pluginId() + " is not " + r.pluginId() : FAILS;
        if (!r.pluginSid().matches(e.pluginSid(), refs)) return explain ? "plugin_sid " + e.pluginSid() + " is not " + r.pluginSid() + resolved(r.pluginSid().toString(), b) : FAILS;
        if (!r.from().matches(e.srcIp(), source.of(e.srcIp()), networks, refs)) return explain ? "src_ip " + e.srcIp() + " is not from=\"" + r.from() + "\"" + resolved(r.from().toString(), b) : FAILS;
        if (!r.to().matches(e.dstIp(), destination.of(e.dstIp()), networks, refs)) return explain ? "dst_ip " + e.dstIp() + " is not to=\"" + r.to() + "\"" + resolved(r.to().toString(), b) : FAILS;
        if (!r.portFrom().matches(e.srcPort(), refs)) return explain ? "src_port " + e.srcPort() + " is not port_from=\"" + r.portFrom() + "\"" + resolved(r.portFrom().toString(), b) : FAILS;
        if (!r.portTo().matches(e.dstPort(), refs)) return explain ? "dst_port " + e.dstPort() + " is not port_to=\"" + r.portTo() + "\"" + resolved(r.portTo().toString(), b) : FAILS;
        if (!r.protocol().matches(Fields.protocol(e.protocol()), refs)) return explain ? "protocol " + e.protocol() + " is not " + r.protocol() : FAILS;
        if (!r.sensor().matches(e.sensor(), refs)) return explain ? "sensor " + e.sensor() + " is not " + r.sensor() : FAILS;
        for (Map.Entry<Ref.Field, TextSpec> t : r.texts().entrySet()) {
            Object v = Fields.get(e, t.getKey());
            if (!t.getValue().matches(v == null ? null : v.toString(), refs)) {
                return explain ? t.getKey().name().toLowerCase(java.util.Locale.ROOT) + " " + v + " is not \"" + t.getValue() + "\"" + resolved(t.getValue().toString(), b) : FAILS;
            }
        }
        return null;
    }

    /** The taxonomy conditions: product type by plugin, category and subcategory by plugin_sid row. */
    private String taxonomyFailure(Rule r, Event e, java.util.function.Function<Ref, Object> refs, boolean explain) {
        Integer pid = e.pluginId();
        Integer sid = e.pluginSid();
        if (pid == null) return explain ? "has no plugin_id, so no taxonomy" : FAILS;
        if (!r.product().isAny()) {
            Integer product = taxonomy.productType(pid);
            if (!r.product().matches(product, refs)) {
                return explain ? "product type " + (product == null ? "(none in the content for plugin " + pid + ")" : product)
                        + " is not product=\"" + r.product() + "\"" : FAILS;
            }
        }
        if (!r.category().isAny()) {
            Integer category = sid == null ? null : taxonomy.category(pid, sid);
            if (!r.category().matches(category, refs)) {
                return explain ? "category " + (category == null ? "(none in the content for " + pid + ":" + sid + ")" : category)
                        + " is not category=\"" + r.category() + "\"" : FAILS;
            }
        }
        if (!r.subcategory().isAny()) {
            Integer sub = sid == null ? null : taxonomy.subcategory(pid, sid);
            if (!r.subcategory().matches(sub, refs)) {
                return explain ? "subcategory " + (sub == null ? "(none in the content for " + pid + ":" + sid + ")" : sub)
                        + " is not subcategory=\"" + r.subcategory() + "\"" : FAILS;
            }
        }
        return null;
    }

    /** What the references in a condition stand for in this backlog: " (1:SRC_IP = 203.0.113.7)". */
    private static String resolved(String spec, Backlog b) {
        if (b == null) return "";
        StringBuilder out = new StringBuilder();
        for (String part : spec.split(",")) {
            Ref ref = Ref.parse(part.trim().startsWith("!") ? part.trim().substring(1) : part.trim());
            if (ref != null) out.append(out.length() == 0 ? " (" : ", ").append(ref).append(" = ").append(b.resolve(ref));
        }
        return out.length() == 0 ? "" : out.append(')').toString();
    }

    private void bound(Directive d) {
        Live live = backlogs.get(d.id());
        while (live.size() > limits.perDirective()) {
            remove(live.all.iterator().next()); // this directive's oldest
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
            if (live.size() == 0) backlogs.remove(b.directive.id());
        }
        byAge.remove(b);
    }

    /** How far an event's own time may be from when it was received and still be believed. */
    static final long MAX_SKEW_MS = 3_600_000;

    /**
     * The time an event counts at: its own time, else when it was received, else its id's
     * time (ms). A time more than an hour from its receipt (a wrong clock, a replayed old
     * file, a hostile line) counts at its receipt instead: one such event must not move the
     * whole engine's clock (docs/correlation.md).
     */
    public static long timeOf(Event e) {
        if (e.time() != null) {
            long t = e.time().toEpochMilli();
            if (e.received() == null) return t;
            long r = e.received().toEpochMilli();
            return Math.abs(t - r) > MAX_SKEW_MS ? r : t;
        }
        if (e.received() != null) return e.received().toEpochMilli();
        return e.id() != null ? Uuid7.millis(e.id()) : 0;
    }

    private static Instant instant(long ms) {
        return Instant.ofEpochMilli(ms);
    }

    /** The last address text parsed, and its bytes (null when it is not an IP literal). */
    private static final class AddressMemo {
        private String text;
        private byte[] bytes;

        byte[] of(String address) {
            if (address != text) { // the same String: the same event's address again
                text = address;
                bytes = address == null ? null : IpLiterals.bytes(address);
            }
            return bytes;
        }
    }
}
