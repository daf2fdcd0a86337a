package io.vigil.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Events per second per collector over the last hour, for the dashboard's chart: the status
 * report's received counters sampled every few seconds, differences kept in a ring.
 */
final class RateHistory implements AutoCloseable {
    static final int INTERVAL_SECONDS = 5;
    private static final int POINTS = 3600 / INTERVAL_SECONDS;

    private final Supplier<Map<String, Object>> status;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("rate-history").unstarted(r));
    private final Deque<Sample> samples = new ArrayDeque<>();
    private Map<String, Long> last;
    private long lastAt;

    private record Sample(long epochSecond, Map<String, Double> rates) {}

    RateHistory(Supplier<Map<String, Object>> status) {
        this.status = status;
    }

    RateHistory start() {
        timer.scheduleAtFixedRate(this::sample, 0, INTERVAL_SECONDS, TimeUnit.SECONDS);
        return this;
    }

    private void sample() {
        try {
            Map<String, Long> now = new LinkedHashMap<>();
            if (status.get().get("collectors") instanceof Map<?, ?> m) {
                m.forEach((name, v) -> {
                    if (v instanceof Map<?, ?> c && c.get("received") instanceof Number n) now.put(name.toString(), n.longValue());
                });
            }
            long at = System.currentTimeMillis();
            synchronized (samples) {
                if (last != null) {
                    double seconds = Math.max(0.001, (at - lastAt) / 1000.0);
                    Map<String, Double> rates = new LinkedHashMap<>();
                    now.forEach((k, v) -> rates.put(k, Math.max(0, v - last.getOrDefault(k, 0L)) / seconds));
                    samples.addLast(new Sample(at / 1000, rates));
                    while (samples.size() > POINTS) samples.removeFirst();
                }
                last = now;
                lastAt = at;
            }
        } catch (RuntimeException e) {
            // a status that cannot be read now is read at the next tick
        }
    }

    /** {@code {"t": [epoch seconds], "series": {"syslog-tcp": [events/s, ...], ...}}}, oldest first. */
    Map<String, Object> series() {
        synchronized (samples) {
            List<Long> t = new ArrayList<>();
            Map<String, List<Double>> series = new LinkedHashMap<>();
            for (Sample s : samples) for (String k : s.rates().keySet()) series.putIfAbsent(k, new ArrayList<>());
            for (Sample s : samples) {
                t.add(s.epochSecond());
                series.forEach((k, list) -> list.add(s.rates().getOrDefault(k, 0.0)));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("interval_seconds", INTERVAL_SECONDS);
            out.put("t", t);
            out.put("series", series);
            return out;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
