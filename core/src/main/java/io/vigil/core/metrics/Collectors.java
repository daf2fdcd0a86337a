package io.vigil.core.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link CollectorMetrics} per collector name, shared by every stage that counts. */
public final class Collectors {
    private final MeterRegistry registry;
    private final Map<String, CollectorMetrics> byName = new ConcurrentHashMap<>();

    public Collectors(MeterRegistry registry) {
        this.registry = registry;
    }

    public CollectorMetrics of(String collector) {
        return byName.computeIfAbsent(collector, c -> new CollectorMetrics(registry, c));
    }

    public MeterRegistry registry() {
        return registry;
    }
}
