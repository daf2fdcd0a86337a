package io.vigil.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counters of one collector (e.g. {@code syslog-tcp}), as {@code vigil status} and
 * {@code /metrics} show them: {@code vigil_events_total{collector=..., stage=...}} and
 * {@code vigil_events_dropped_total{collector=..., reason=...}}.
 */
public final class CollectorMetrics {
    public static final String EVENTS = "vigil.events";
    public static final String DROPPED = "vigil.events.dropped";

    private final String collector;
    private final MeterRegistry registry;
    private final Counter received, parsed, malformed, truncated, journaled, stored;
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();

    public CollectorMetrics(MeterRegistry registry, String collector) {
        this.registry = registry;
        this.collector = collector;
        this.received = stage("received");
        this.parsed = stage("parsed");
        this.malformed = stage("malformed");
        this.truncated = stage("truncated");
        this.journaled = stage("journaled");
        this.stored = stage("stored");
    }

    private Counter stage(String stage) {
        return Counter.builder(EVENTS).description("Events by collector and pipeline stage")
                .tag("collector", collector).tag("stage", stage).register(registry);
    }

    public String collector() { return collector; }
    public Counter received() { return received; }
    public Counter parsed() { return parsed; }
    public Counter malformed() { return malformed; }
    public Counter truncated() { return truncated; }
    public Counter journaled() { return journaled; }
    public Counter stored() { return stored; }

    /** Counts one event lost or refused, by a short snake_case reason. */
    public void dropped(String reason) {
        dropped.computeIfAbsent(reason, r -> Counter.builder(DROPPED)
                .description("Events not taken, by collector and reason")
                .tag("collector", collector).tag("reason", r).register(registry)).increment();
    }
}
