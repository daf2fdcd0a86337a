package io.vigil.sigma.rule;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A correlation rule (event_count, value_count, temporal, temporal_ordered, value_sum,
 * value_avg), its references resolved to the detection rules it counts.
 *
 * @param rules the referred detection rules, in the order written (temporal_ordered's order)
 * @param aliases alias name to (rule name to field)
 * @param field the value_* types' field
 * @param bounds the condition: operator (gt, gte, lt, lte, eq, neq) to threshold, all of which must hold
 */
public record SigmaCorrelation(Path file, int line, String id, String name, String title, String level, List<String> tags,
                               List<String> references, Type type, List<SigmaRule> rules, List<String> groupBy,
                               Map<String, Map<String, String>> aliases, Duration timespan, String field, Map<String, Double> bounds,
                               boolean generate) {

    public enum Type {
        EVENT_COUNT, VALUE_COUNT, TEMPORAL, TEMPORAL_ORDERED, VALUE_SUM, VALUE_AVG;

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public String key() {
        return id != null ? id : name != null ? name : file.getFileName() + ":" + line;
    }

    /** Whether the condition holds for a value (count, sum, average). */
    public boolean holds(double v) {
        for (Map.Entry<String, Double> b : bounds.entrySet()) {
            double t = b.getValue();
            boolean ok = switch (b.getKey()) {
                case "gt" -> v > t;
                case "gte" -> v >= t;
                case "lt" -> v < t;
                case "lte" -> v <= t;
                case "eq" -> v == t;
                case "neq" -> v != t;
                default -> false;
            };
            if (!ok) return false;
        }
        return true;
    }

    /**
     * Whether the condition can only become true by growing (gt/gte only, with an optional upper
     * bound): then it is checked at each event. Otherwise (lt, lte, eq, neq alone) it is judged
     * when the group's window closes.
     */
    public boolean growing() {
        return bounds.containsKey("gt") || bounds.containsKey("gte");
    }
}
