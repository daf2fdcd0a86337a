package io.vigil.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.core.metrics.CollectorMetrics;
import io.vigil.journal.Journal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code GET /api/v1/status} and {@code vigil status} show: per collector the pipeline
 * counters, the journal's state and the store pipeline's lag. Built from the same Micrometer
 * counters /metrics exports, so the two never disagree.
 */
public final class StatusReport {
    /** The stages in the order an event passes them. */
    public static final List<String> STAGES = List.of("received", "parsed", "malformed", "truncated", "journaled", "stored");

    private final MeterRegistry registry;
    private final Journal journal;
    private final StorePipeline pipeline;
    private final Instant started = Instant.now();
    private final String version;
    private final java.util.function.Supplier<Map<String, Object>> content;
    private volatile java.util.function.Supplier<Map<String, Object>> correlation;

    public StatusReport(MeterRegistry registry, Journal journal, StorePipeline pipeline, String version) {
        this(registry, journal, pipeline, version, Map::of);
    }

    /** @param content what the normalization content is (plugins, rules, errors), shown under {@code normalization} */
    public StatusReport(MeterRegistry registry, Journal journal, StorePipeline pipeline, String version,
                        java.util.function.Supplier<Map<String, Object>> content) {
        this.registry = registry;
        this.journal = journal;
        this.pipeline = pipeline;
        this.version = version;
        this.content = content;
    }

    /** Adds the correlation engine's counters, shown under {@code correlation}. */
    public StatusReport withCorrelation(java.util.function.Supplier<Map<String, Object>> correlation) {
        this.correlation = correlation;
        return this;
    }

    public Map<String, Object> build() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", version);
        out.put("started", started.toString());
        out.put("uptime_seconds", Duration.between(started, Instant.now()).toSeconds());
        out.put("collectors", collectors());
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("durability", journal.options().durability().name().toLowerCase(java.util.Locale.ROOT));
        j.put("segments", journal.segmentCount());
        j.put("disk_bytes", journal.diskBytes());
        j.put("unconsumed_bytes", journal.unconsumedBytes());
        j.put("free_disk_bytes", journal.guard().freeBytes());
        // The state now, not the last refusal a UDP datagram met (that one is in "refused").
        var refusing = journal.refusingNow();
        j.put("refusing", refusing == null ? null : refusing.tag());
        Map<String, Long> refusals = new TreeMap<>();
        journal.guard().refusals().forEach((r, n) -> refusals.put(r.tag(), n));
        j.put("refused", refusals);
        out.put("journal", j);
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("pipeline_lag_bytes", pipeline.lagBytes());
        store.putAll(pipeline.storeCounters());
        out.put("store", store);
        out.put("normalization", normalization());
        if (correlation != null) out.put("correlation", correlation.get());
        return out;
    }

    /** Per plugin: lines it normalized and how many had no SID table row; lines decoded; lines left generic. */
    private Map<String, Object> normalization() {
        Map<String, Object> n = new LinkedHashMap<>(content.get());
        Map<String, Map<String, Long>> plugins = new TreeMap<>();
        Map<String, Long> decoded = new TreeMap<>();
        long unmatched = 0;
        for (Meter m : registry.getMeters()) {
            if (!(m instanceof Counter c)) continue;
            switch (m.getId().getName()) {
                case "vigil.normalize.matched" -> plugins.computeIfAbsent(m.getId().getTag("plugin"), k -> newPluginRow()).put("matched", (long) c.count());
                case "vigil.normalize.sid_missing" -> plugins.computeIfAbsent(m.getId().getTag("plugin"), k -> newPluginRow()).put("sid_missing", (long) c.count());
                case "vigil.normalize.decoded" -> decoded.put(m.getId().getTag("decoder"), (long) c.count());
                case "vigil.normalize.unmatched" -> unmatched = (long) c.count();
                default -> { }
            }
        }
        n.put("plugins", plugins);
        n.put("decoded", decoded);
        n.put("unmatched", unmatched);
        return n;
    }

    private static Map<String, Long> newPluginRow() {
        Map<String, Long> row = new LinkedHashMap<>();
        row.put("matched", 0L);
        row.put("sid_missing", 0L);
        return row;
    }

    private Map<String, Object> collectors() {
        Map<String, Map<String, Object>> by = new TreeMap<>();
        for (Meter m : registry.getMeters()) {
            String name = m.getId().getName();
            String collector = m.getId().getTag("collector");
            if (collector == null || !(m instanceof Counter c)) continue;
            Map<String, Object> row = by.computeIfAbsent(collector, k -> newRow());
            if (name.equals(CollectorMetrics.EVENTS)) {
                row.put(m.getId().getTag("stage"), (long) c.count());
            } else if (name.equals(CollectorMetrics.DROPPED)) {
                @SuppressWarnings("unchecked")
                Map<String, Long> dropped = (Map<String, Long>) row.get("dropped");
                dropped.put(m.getId().getTag("reason"), (long) c.count());
            }
        }
        return new LinkedHashMap<>(by);
    }

    private static Map<String, Object> newRow() {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String s : STAGES) row.put(s, 0L);
        row.put("dropped", new TreeMap<String, Long>());
        return row;
    }
}
