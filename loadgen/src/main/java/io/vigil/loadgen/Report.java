package io.vigil.loadgen;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run measured. {@code stored}, {@code lost} and the latencies are known only when the
 * target could be asked (Vigil's API); for a peer that writes a file the caller counts lines.
 */
public record Report(LoadOptions options, long startedMillis, long sent, long accepted, long refused, long resent, Long stored,
                     double sendSeconds, Double storedSeconds, Latency latency, List<Second> series) {

    /** One second of the run: messages sent, and stored (-1 when unknown), in that second. */
    public record Second(int second, long sent, long stored) {}

    /** Send-to-searchable latency over the probes (milliseconds). */
    public record Latency(int probes, int seen, Double p50, Double p99, Double max) {
        static Latency of(int probes, Collection<Long> nanos) {
            if (nanos.isEmpty()) return new Latency(probes, 0, null, null, null);
            List<Long> sorted = new ArrayList<>(nanos);
            sorted.sort(null);
            return new Latency(probes, sorted.size(), ms(pct(sorted, 0.50)), ms(pct(sorted, 0.99)), ms(sorted.get(sorted.size() - 1)));
        }

        private static long pct(List<Long> sorted, double p) {
            int i = (int) Math.ceil(p * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
        }

        private static double ms(long nanos) {
            return Math.round(nanos / 100_000.0) / 10.0;
        }
    }

    public double sendRate() {
        return sendSeconds <= 0 ? 0 : sent / sendSeconds;
    }

    /** Stored events per second from the first message sent to the last one stored. */
    public Double storedRate() {
        return stored == null || storedSeconds == null || storedSeconds <= 0 ? null : stored / storedSeconds;
    }

    /** Messages sent and never stored (0 when everything arrived). */
    public Long lost() {
        return stored == null ? null : Math.max(0, sent - stored);
    }

    /** Events stored beyond what was sent (a resend stored twice). */
    public Long duplicates() {
        return stored == null ? null : Math.max(0, stored - sent);
    }

    /** The report as JSON-ready maps, snake_case. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", options.run());
        m.put("target", options.host() + ":" + options.port());
        m.put("protocol", options.protocol().name().toLowerCase(java.util.Locale.ROOT));
        m.put("connections", options.connections());
        m.put("rate_target", options.rate());
        m.put("started_ms", startedMillis);
        m.put("sent", sent);
        m.put("accepted", accepted);
        if (options.protocol() == Protocol.RELP) {
            m.put("refused", refused);
            m.put("resent", resent);
        }
        m.put("stored", stored);
        m.put("lost", lost());
        m.put("duplicates", duplicates());
        m.put("send_seconds", round(sendSeconds));
        m.put("send_rate", Math.round(sendRate()));
        m.put("stored_seconds", storedSeconds == null ? null : round(storedSeconds));
        m.put("stored_rate", storedRate() == null ? null : Math.round(storedRate()));
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("probes", latency.probes());
        l.put("seen", latency.seen());
        l.put("p50_ms", latency.p50());
        l.put("p99_ms", latency.p99());
        l.put("max_ms", latency.max());
        m.put("latency", l);
        List<Map<String, Object>> s = new ArrayList<>();
        for (Second x : series) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("second", x.second());
            e.put("sent", x.sent());
            if (x.stored() >= 0) e.put("stored", x.stored());
            s.add(e);
        }
        m.put("series", s);
        return m;
    }

    /** The report for a person. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("run %s: %s to %s:%d, %d connection(s), rate %s%n", options.run(),
                options.protocol().name().toLowerCase(java.util.Locale.ROOT), options.host(), options.port(), options.connections(),
                options.rate() == 0 ? "as fast as accepted" : String.format("%,d/s", options.rate())));
        b.append(String.format("  sent      %,12d  in %.1f s  (%,.0f/s)%n", sent, sendSeconds, sendRate()));
        b.append(String.format("  accepted  %,12d%n", accepted));
        if (options.protocol() == Protocol.RELP) b.append(String.format("  refused   %,12d  resent %,d%n", refused, resent));
        if (stored != null) {
            b.append(String.format("  stored    %,12d  in %.1f s  (%,.0f/s end to end)%n", stored, storedSeconds, storedRate() == null ? 0 : storedRate()));
            b.append(String.format("  lost      %,12d%n", lost()));
            b.append(String.format("  duplicate %,12d%n", duplicates()));
        }
        if (latency.seen() > 0) {
            b.append(String.format("  latency send to searchable: p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d of %d probes seen)%n",
                    latency.p50(), latency.p99(), latency.max(), latency.seen(), latency.probes()));
        } else if (latency.probes() > 0) {
            b.append(String.format("  latency: none of %d probes became searchable%n", latency.probes()));
        }
        return b.toString();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

}
