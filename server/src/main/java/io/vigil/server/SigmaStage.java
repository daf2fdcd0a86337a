package io.vigil.server;

import io.vigil.core.event.Event;
import io.vigil.core.event.Uuid7;
import io.vigil.correlate.engine.Alarm;
import io.vigil.correlate.engine.AssetValues;
import io.vigil.correlate.engine.Risk;
import io.vigil.sigma.engine.SigmaContent;
import io.vigil.sigma.engine.SigmaEngine;
import io.vigil.sigma.engine.SigmaMatch;
import io.vigil.state.AlarmRepository;
import io.vigil.state.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sigma rules in the correlation stage: events in event order from the reorder buffer, matches
 * to alarms in the same store as the directives'. A detection rule's matches with the same
 * source, destination and host within an hour update one alarm (its events appended) rather
 * than raise one each; a correlation rule raises one alarm each time its condition comes true.
 * The level sets the priority (informational rules raise none: the specification says they are
 * for enrichment), risk is OSSIM's with the asset values and a reliability of 10 (a rule match
 * is certain of what it describes), and suppressions apply (by rule id, source, destination) to
 * every match: once one applies, the alarm it would have updated takes no more events.
 */
final class SigmaStage {
    private static final Logger log = LoggerFactory.getLogger(SigmaStage.class);
    static final int RELIABILITY = 10;
    private static final long GROUPING_MS = 3_600_000L;
    private static final int MAX_OPEN = 50_000;

    private final SigmaEngine engine;
    private final AssetValues assets;
    /** Detection alarms being grouped: key (rule, src, dst, host) -> the alarm so far. */
    private final LinkedHashMap<String, Open> open = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Open> e) {
            return size() > MAX_OPEN;
        }
    };
    private final AlarmWriter alarms;
    long informational;

    private static final class Open {
        final UUID id = Uuid7.next();
        final long first;
        long last;
        final List<UUID> events = new ArrayList<>();
        final List<Alarm.Level> trail = new ArrayList<>();
        boolean suppressed;

        Open(long first) {
            this.first = first;
        }
    }

    SigmaStage(SigmaContent content, StateStore state, AssetValues assets, int maxGroups) {
        this.engine = new SigmaEngine(content, maxGroups);
        this.alarms = new AlarmWriter(state, "Sigma");
        this.assets = assets;
        for (var e : content.errors()) log.warn("sigma content error: {}", e);
        for (var p : engine.problems()) log.warn("sigma correlation {} cannot run: {}", p.correlation().key(), p.reason());
        long inactive = content.placements().stream().filter(p -> p.inactive() != null).count();
        log.info("sigma: {} rules ({} inactive: no log source or unmapped fields; `vigil rules list` says which), {} correlation rules, {} errors",
                content.rules().size(), inactive, content.correlations().size(), content.errors().size());
    }

    io.vigil.sigma.engine.SigmaContent content() {
        return engine.content();
    }

    void onAlarm(Runnable r) {
        alarms.onStored(r);
    }

    /** The rules that match the event, in any order (null: none); {@link #apply} them in event-time order. */
    SigmaEngine.Detection detect(Event e) {
        return engine.detect(e);
    }

    void apply(Event e, SigmaEngine.Detection d, long time) {
        for (SigmaMatch m : engine.apply(e, d, time)) alarm(m);
    }

    /** Writes the alarms of the matches so far. */
    void flushAlarms(long everyNanos) {
        alarms.flushIfDue(everyNanos);
    }

    void advanceTo(long watermark) {
        for (SigmaMatch m : engine.advanceTo(watermark)) alarm(m);
    }

    void alarm(SigmaMatch m) {
        int priority = priority(m.level());
        if (priority == 0) {
            informational++;
            return;
        }
        Event last = m.last();
        String src = last == null ? null : last.srcIp();
        String dst = last == null ? null : last.dstIp();
        String host = last == null ? null : last.host();
        Open a;
        boolean raised;
        if (m.isCorrelation()) {
            a = new Open(m.time());
            raised = true;
        } else {
            String key = m.ruleKey() + "\u0000" + src + "\u0000" + dst + "\u0000" + host;
            a = open.get(key);
            raised = a == null || m.time() - a.first > GROUPING_MS;
            if (raised) {
                a = new Open(m.time());
                open.put(key, a);
            }
        }
        a.last = Math.max(a.last, m.time());
        for (UUID id : m.events()) if (a.events.size() < 1000 && !a.events.contains(id)) a.events.add(id);
        Risk risk = Risk.of(priority, assets.valueOf(src), assets.valueOf(dst), RELIABILITY);
        int level = m.isCorrelation() ? 2 : 1;
        if (a.trail.isEmpty()) {
            a.trail.add(new Alarm.Level(level, m.isCorrelation() ? m.correlation().type().text() + " " + describe(m) : "matched",
                    m.events().get(m.events().size() - 1), Instant.ofEpochMilli(m.time()), RELIABILITY, risk));
        }
        Alarm alarm = new Alarm(a.id, raised, 0, m.title(), priority, level, RELIABILITY, risk, src, dst, last == null ? null : last.srcPort(),
                last == null ? null : last.dstPort(), Instant.ofEpochMilli(a.first), Instant.ofEpochMilli(a.last), List.copyOf(a.events), List.copyOf(a.trail));
        AlarmRepository.RuleInfo rule = AlarmRepository.RuleInfo.sigma(m.ruleKey(), m.level(), m.tags(), m.references());
        if (a.suppressed) {
            alarms.countSuppressed();
            return;
        }
        // suppressions are asked on every match, not only the first: a detection alarm groups matches
        // for an hour, and an analyst who suppresses it expects the rest of the hour to stop too
        if (alarms.write(alarm, rule, true) == AlarmWriter.Outcome.SUPPRESSED) a.suppressed = true;
    }

    private static String describe(SigmaMatch m) {
        StringBuilder b = new StringBuilder();
        m.group().forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k).append('=').append(v));
        return (b.isEmpty() ? "" : b + ": ") + (m.value() == Math.rint(m.value()) ? Long.toString((long) m.value()) : Double.toString(m.value()));
    }

    /** Sigma level to OSSIM priority (0-5); 0 for informational (no alarm). A rule without a level counts as medium. */
    static int priority(String level) {
        if (level == null) return 3;
        return switch (level) {
            case "informational" -> 0;
            case "low" -> 2;
            case "medium" -> 3;
            case "high" -> 4;
            case "critical" -> 5;
            default -> 3;
        };
    }

    Map<String, Object> status() {
        SigmaEngine.Stats s = engine.stats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rules", engine.content().rules().size());
        m.put("rules_inactive", engine.content().placements().stream().filter(p -> p.inactive() != null).count());
        m.put("correlation_rules", engine.content().correlations().size());
        m.put("content_errors", engine.content().errors().size());
        m.put("events", s.events);
        m.put("events_without_log_source", s.unclassified);
        m.put("rule_matches", s.ruleMatches);
        m.put("correlations_fired", s.correlationsFired);
        m.put("correlation_groups", s.liveGroups);
        m.put("correlation_groups_evicted", s.groupsEvicted);
        alarms.status(m);
        m.put("informational_matches", informational);
        return m;
    }
}
