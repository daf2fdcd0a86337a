package io.vigil.server;

import io.vigil.core.event.Event;
import io.vigil.correlate.directive.ContentError;
import io.vigil.correlate.directive.DirectiveContent;
import io.vigil.correlate.directive.DirectiveLoader;
import io.vigil.correlate.directive.Networks;
import io.vigil.correlate.engine.Alarm;
import io.vigil.correlate.engine.AssetValues;
import io.vigil.correlate.engine.Taxonomy;
import io.vigil.correlate.engine.DirectiveEngine;
import io.vigil.correlate.engine.ReorderBuffer;
import io.vigil.sigma.engine.SigmaContent;
import io.vigil.sigma.engine.SigmaEngine;
import io.vigil.state.AlarmRepository;
import io.vigil.state.StateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The correlation stage of the store pipeline: normalized events go through a reorder buffer
 * (bounded lateness) into the directive engine; directive events come back to be stored
 * with the rest, and alarms go to the state store, unless a suppression stops them.
 *
 * <p>Driven by the pipeline's one thread. Backlogs live in memory: a restart starts them
 * afresh (docs/correlation.md).
 */
public final class Correlator implements BatchCorrelator, DirectiveEngine.Sink {
    private static final Logger log = LoggerFactory.getLogger(Correlator.class);

    private final StateStore state;
    private final DirectiveEngine engine;
    private final ReorderBuffer buffer;
    private final SigmaStage sigma;
    private final AlarmWriter alarms;
    private final DirectiveLoader.Result content;
    private final List<Event> produced = new ArrayList<>();
    /** Backlogs whose alarm a suppression stopped: their later updates are stopped too (bounded, oldest forgotten). */
    private final Map<String, Boolean> suppressed = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
            return size() > 100_000;
        }
    };
    private long lastSweep = Long.MIN_VALUE / 2;
    /** Alarms are written at most this often ({@link #alarmsEvery}); 0: after every batch. */
    private long alarmEveryNanos = DEFAULT_ALARM_WRITES.toNanos();
    /**
     * How often alarms are written by default. An alarm gathering events is rewritten with its
     * new events at each write: after every batch (50 a second under load) that was 4.2% of the
     * full path's samples in the state store, for alarms an analyst sees a quarter of a second
     * later this way.
     */
    public static final Duration DEFAULT_ALARM_WRITES = Duration.ofMillis(250);

    public Correlator(List<Path> contentPaths, StateStore state, Duration lateness, DirectiveEngine.Limits limits) throws IOException {
        this(contentPaths, state, Taxonomy.NONE, lateness, limits);
    }

    /** @param taxonomy product types and plugin_sid categories, for rules that match by taxonomy */
    public Correlator(List<Path> contentPaths, StateStore state, Taxonomy taxonomy, Duration lateness, DirectiveEngine.Limits limits)
            throws IOException {
        this.state = state;
        this.alarms = new AlarmWriter(state, "directive");
        this.content = DirectiveContent.load(contentPaths);
        for (ContentError e : content.errors()) log.warn("directive content error: {}", e);
        for (ContentError w : content.warnings()) log.info("directive content: {}", w);
        log.info("correlation: {} directives, {} rules, {} content errors", content.directives().size(), content.rules(), content.errors().size());
        try {
            int changed = state.contentVersions().record("directives",
                    content.files().stream().filter(f -> !DirectiveContent.isShipped(f)).toList(), System.currentTimeMillis());
            if (changed > 0) log.info("content versions: {} directive file(s) new or changed since the last start", changed);
        } catch (RuntimeException e) {
            log.warn("content versions could not be recorded: {}", e.getMessage());
        }
        AssetValues assets = address -> state.assets().model().valueOf(address);
        Networks networks = new Networks() {
            @Override
            public boolean inHomeNet(byte[] address) {
                return state.assets().model().inHomeNet(address);
            }

            @Override
            public boolean inNamed(String name, byte[] address) {
                return state.assets().model().inNamed(name, address);
            }
        };
        this.engine = new DirectiveEngine(content.directives(), networks, assets, taxonomy, limits, this);
        SigmaContent rules = SigmaContent.load(contentPaths);
        this.sigma = rules.rules().isEmpty() && rules.errors().isEmpty() ? null : new SigmaStage(rules, state, assets, limits.perDirective());
        this.buffer = ReorderBuffer.noting(lateness, 100_000, (e, detection) -> {
            engine.process(e);
            if (detection != null) sigma.apply(e, (SigmaEngine.Detection) detection, DirectiveEngine.timeOf(e));
        }, System::currentTimeMillis);
    }

    /** Offers normalized events; returns the directive events that came of them (and of earlier, held ones). */
    public List<Event> correlate(List<Event> events) {
        for (Event e : events) {
            // Sigma's detection is stateless, so it runs now; only an event that a rule matched
            // or a directive could take waits for its turn in time order. Most events are
            // neither, and holding them through the lateness made the collector copy them.
            SigmaEngine.Detection d = sigma == null ? null : sigma.detect(e);
            if (d == null && !engine.takes(e)) buffer.pass(DirectiveEngine.timeOf(e));
            else buffer.add(e, d);
        }
        sweep();
        flushAlarms();
        return drain();
    }

    /** Expires backlogs whose windows closed, once per second of event time (a sweep visits them all). */
    private void sweep() {
        long w = buffer.watermark();
        if (w != Long.MIN_VALUE && w - lastSweep >= 1000) {
            engine.advanceTo(w);
            if (sigma != null) sigma.advanceTo(w);
            lastSweep = w;
        }
    }

    /** As time passes: releases what a quiet source left held, expires backlogs whose windows closed. */
    public List<Event> tick() {
        buffer.tick();
        sweep();
        flushAlarms();
        return drain();
    }

    /**
     * Alarms are written to the state store at most this often, each in its latest state
     * ({@link AlarmWriter}); {@link Duration#ZERO}: after every batch of events.
     */
    public Correlator alarmsEvery(Duration interval) {
        if (interval.isNegative()) throw new IllegalArgumentException("negative alarm write interval: " + interval);
        this.alarmEveryNanos = interval.toNanos();
        return this;
    }

    /** The alarms held to the state store, each alarm once, when the write interval has passed. */
    private void flushAlarms() {
        alarms.flushIfDue(alarmEveryNanos);
        if (sigma != null) sigma.flushAlarms(alarmEveryNanos);
    }

    /** Writes every alarm still held: correlation stops. */
    @Override
    public void finish() {
        alarms.flush();
        if (sigma != null) sigma.flushAlarms(0);
    }

    private List<Event> drain() {
        if (produced.isEmpty()) return List.of();
        List<Event> out = List.copyOf(produced);
        produced.clear();
        return out;
    }

    @Override
    public void directiveEvent(Event event) {
        produced.add(event);
    }

    @Override
    public void alarm(Alarm alarm) {
        String id = alarm.backlogId().toString();
        if (suppressed.containsKey(id)) {
            alarms.countSuppressed();
            return;
        }
        if (alarms.write(alarm, AlarmRepository.RuleInfo.DIRECTIVE, alarm.raised()) == AlarmWriter.Outcome.SUPPRESSED) suppressed.put(id, Boolean.TRUE);
    }

    /** What vigil status shows. */
    public Map<String, Object> status() {
        DirectiveEngine.Stats s = engine.stats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("directives", content.directives().size());
        m.put("rules", content.rules());
        m.put("content_errors", content.errors().size());
        m.put("events", s.events);
        m.put("held", buffer.held());
        m.put("passed", buffer.passed());
        m.put("late", buffer.late());
        m.put("released_early", buffer.forced());
        m.put("backlogs_open", s.live);
        m.put("backlogs_opened", s.opened);
        m.put("backlogs_expired", s.expired);
        m.put("backlogs_evicted", s.evicted);
        m.put("directive_events", s.directiveEvents);
        m.put("alarms_raised", s.alarmsRaised);
        m.put("alarms_updated", s.alarmsUpdated);
        alarms.status(m);
        m.put("monitor_directives", content.directives().stream().filter(d -> d.hasMonitorRules()).count());
        if (sigma != null) m.put("sigma", sigma.status());
        return m;
    }

    /** The Sigma content that runs, or null when no Sigma rule is loaded. */
    public io.vigil.sigma.engine.SigmaContent sigmaContent() {
        return sigma == null ? null : sigma.content();
    }

    /** Called after each alarm is stored (the console's live feed). */
    public void onAlarm(Runnable r) {
        alarms.onStored(r);
        if (sigma != null) sigma.onAlarm(r);
    }

    public DirectiveLoader.Result content() {
        return content;
    }
}
