package io.vigil.sigma.engine;

import io.vigil.core.event.Event;
import io.vigil.sigma.rule.SigmaCorrelation;
import io.vigil.sigma.rule.SigmaRule;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The live groups of one correlation rule, keyed by the group-by values: a window of the
 * timespan over event time, bounded in number (the group idle longest is evicted first).
 * A condition that can only come true by growing (gt, gte) is judged at each event and the
 * group starts afresh when it fires, so crossing the threshold once gives one match; the
 * others (lt, lte, eq, neq alone) are judged when the group's window closes.
 */
final class CorrelationState {
    private static final int MAX_EVENTS_KEPT = 100;

    private final SigmaCorrelation c;
    private final long span;
    private final int maxGroups;
    /** Insertion order is last-touch order (re-inserted on each event): the eldest is the idlest. */
    private final LinkedHashMap<String, Group> groups = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Integer> ruleIndex = new HashMap<>();
    private Map<String, String> lastGroup;
    private String lastOutcome;
    long evicted;

    /** One group's window. */
    private static final class Group {
        final Map<String, String> values;
        final long opened;
        long lastTime;
        final ArrayDeque<long[]> times = new ArrayDeque<>(); // event_count: {time}
        final LinkedHashMap<String, Long> distinct = new LinkedHashMap<>(); // value_count: value -> last time; temporal: rule -> last time
        final ArrayDeque<double[]> numbers = new ArrayDeque<>(); // value_sum/avg: {time, value}
        int next; // temporal_ordered: index of the rule awaited
        long orderedStart;
        final ArrayDeque<UUID> events = new ArrayDeque<>();
        Event lastEvent;

        Group(Map<String, String> values, long opened) {
            this.values = values;
            this.opened = opened;
        }
    }

    CorrelationState(SigmaCorrelation c, int maxGroups) {
        this.c = c;
        this.span = c.timespan().toMillis();
        this.maxGroups = maxGroups;
        for (int i = 0; i < c.rules().size(); i++) ruleIndex.putIfAbsent(c.rules().get(i).key(), i);
    }

    SigmaCorrelation correlation() {
        return c;
    }

    int size() {
        return groups.size();
    }

    /** An event of one of the rules: updates its group, and gives a match when the condition comes true. */
    SigmaMatch update(SigmaRule rule, Map<String, String> groupValues, String fieldValue, Event e, long t) {
        String key = String.join("\u0000", groupValues.values());
        lastGroup = groupValues;
        lastOutcome = null;
        Group g = groups.get(key);
        if (g == null) {
            g = new Group(groupValues, t);
            groups.put(key, g);
            while (groups.size() > maxGroups) {
                Iterator<String> it = groups.keySet().iterator();
                it.next();
                it.remove();
                evicted++;
            }
        }
        g.lastTime = Math.max(g.lastTime, t);
        g.lastEvent = e;
        g.events.addLast(e.id());
        if (g.events.size() > MAX_EVENTS_KEPT) g.events.removeFirst();
        long from = t - span;
        double value;
        switch (c.type()) {
            case EVENT_COUNT -> {
                g.times.addLast(new long[] {t});
                while (!g.times.isEmpty() && g.times.peekFirst()[0] < from) g.times.removeFirst();
                value = g.times.size();
            }
            case VALUE_COUNT -> {
                if (fieldValue != null) {
                    g.distinct.remove(fieldValue);
                    g.distinct.put(fieldValue, t);
                }
                g.distinct.values().removeIf(time -> time < from);
                value = g.distinct.size();
            }
            case VALUE_SUM, VALUE_AVG -> {
                Double n = parse(fieldValue);
                if (n != null) g.numbers.addLast(new double[] {t, n});
                while (!g.numbers.isEmpty() && g.numbers.peekFirst()[0] < from) g.numbers.removeFirst();
                double sum = 0;
                for (double[] x : g.numbers) sum += x[1];
                value = c.type() == SigmaCorrelation.Type.VALUE_SUM ? sum : g.numbers.isEmpty() ? 0 : sum / g.numbers.size();
            }
            case TEMPORAL -> {
                g.distinct.remove(rule.key());
                g.distinct.put(rule.key(), t);
                g.distinct.values().removeIf(time -> time < from);
                value = g.distinct.size();
            }
            case TEMPORAL_ORDERED -> {
                Integer i = ruleIndex.get(rule.key());
                if (g.next > 0 && t - g.orderedStart > span) g.next = 0;
                if (i != null && i == g.next) {
                    if (g.next == 0) g.orderedStart = t;
                    g.next++;
                } else if (i != null && i == 0) {
                    g.next = 1; // a new first event restarts the sequence from here
                    g.orderedStart = t;
                }
                value = g.next;
            }
            default -> throw new IllegalStateException();
        }
        if (c.growing() && c.holds(value)) {
            SigmaMatch m = new SigmaMatch(null, c, List.copyOf(g.events), e, g.values, value, t);
            groups.remove(key); // fired: the next crossing starts from nothing
            lastOutcome = "condition met at " + (value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value)) + ": fired, group reset";
            return m;
        }
        return null;
    }

    /**
     * Event time has reached {@code watermark}: windows that closed are judged (conditions that
     * are not "growing") and dropped.
     */
    List<SigmaMatch> advanceTo(long watermark) {
        List<SigmaMatch> out = new ArrayList<>();
        Iterator<Map.Entry<String, Group>> it = groups.entrySet().iterator();
        while (it.hasNext()) {
            Group g = it.next().getValue();
            if (watermark - g.opened <= span && watermark - g.lastTime <= span) continue;
            if (!c.growing() && watermark - g.opened > span) {
                double value = switch (c.type()) {
                    case EVENT_COUNT -> g.times.size();
                    case VALUE_COUNT, TEMPORAL -> g.distinct.size();
                    case VALUE_SUM -> g.numbers.stream().mapToDouble(x -> x[1]).sum();
                    case VALUE_AVG -> g.numbers.stream().mapToDouble(x -> x[1]).average().orElse(0);
                    case TEMPORAL_ORDERED -> g.next;
                };
                if (c.holds(value)) out.add(new SigmaMatch(null, c, List.copyOf(g.events), g.lastEvent, g.values, value, g.opened + span));
                it.remove();
            } else if (c.growing() && watermark - g.lastTime > span) {
                it.remove(); // nothing left in its window
            }
        }
        return out;
    }

    String describeLast() {
        if (lastGroup == null) return null;
        return "group " + lastGroup + ": " + (lastOutcome != null ? lastOutcome : describe(lastGroup));
    }

    String describe(Map<String, String> groupValues) {
        Group g = groups.get(String.join("\u0000", groupValues.values()));
        if (g == null) return "no live group";
        return switch (c.type()) {
            case EVENT_COUNT -> g.times.size() + " event(s) in the window";
            case VALUE_COUNT -> g.distinct.size() + " distinct " + c.field() + " value(s)";
            case VALUE_SUM, VALUE_AVG -> g.numbers.size() + " value(s) of " + c.field();
            case TEMPORAL -> g.distinct.size() + " of " + c.rules().size() + " rules seen";
            case TEMPORAL_ORDERED -> g.next + " of " + c.rules().size() + " rules seen in order";
        };
    }

    private static Double parse(String s) {
        if (s == null) return null;
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
