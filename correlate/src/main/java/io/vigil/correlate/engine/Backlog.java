package io.vigil.correlate.engine;

import io.vigil.core.event.Event;
import io.vigil.core.event.Uuid7;
import io.vigil.correlate.directive.Directive;
import io.vigil.correlate.directive.Ref;
import io.vigil.correlate.directive.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One running instance of a directive: the rule it has reached, the event that completed
 * each level (what {@code 1:SRC_IP} refers to), and for each rule that may come next, how
 * many events it has counted, the values it has seen (sticky_different) and when its
 * window opened.
 */
final class Backlog {
    /** A next rule's progress. */
    static final class Pending {
        int counted;
        int maxSource;
        final Set<Object> seen = new HashSet<>();
    }

    final UUID id = Uuid7.next();
    final Directive directive;
    /** The rules from the root to the current one; path.get(level - 1). */
    final List<Rule> path = new ArrayList<>();
    /** The event that completed each level, by level - 1. */
    final List<Event> completedBy = new ArrayList<>();
    final List<UUID> events = new ArrayList<>();
    final List<Alarm.Level> trail = new ArrayList<>();
    final Map<Rule, Pending> pending = new IdentityHashMap<>();
    /** When the current level completed (event time, ms): the next rules' windows open then. */
    long windowStart;
    /** Event time (ms) after which no next rule can match any more; Long.MAX_VALUE if one has no time_out. */
    long expiresAt;
    /** The highest source asset value among the events of each level (OSSIM scores the source with it). */
    final List<Integer> maxSourceValue = new ArrayList<>();
    /**
     * The source address every next rule requires (each names it by one reference, as in
     * {@code from="1:SRC_IP"}), else the destination address they all require, or null: the
     * engine files the backlog under it, so an event meets only the backlogs it could advance.
     */
    String key;
    /** Whether {@link #key} is a destination address (else a source). */
    boolean keyIsDestination;
    Instant first;
    Instant last;
    boolean alarmed;
    boolean done;

    Backlog(Directive directive) {
        this.directive = directive;
    }

    Rule current() {
        return path.get(path.size() - 1);
    }

    int level() {
        return path.size();
    }

    /** The value a reference resolves to in this backlog; null when the level is not reached. */
    Object resolve(Ref ref) {
        if (ref.level() < 1 || ref.level() > completedBy.size()) return null;
        return Fields.get(completedBy.get(ref.level() - 1), ref.field());
    }

    /** Moves to {@code rule}, completed by {@code e} at {@code time} (ms). */
    void reach(Rule rule, Event e, long time, int sourceValue) {
        path.add(rule);
        completedBy.add(e);
        maxSourceValue.add(sourceValue);
        pending.clear();
        windowStart = time;
        long longest = 0;
        for (Rule c : rule.children()) {
            if (c.timeOut() == 0) {
                longest = Long.MAX_VALUE;
                break;
            }
            longest = Math.max(longest, c.timeOut() * 1000L);
        }
        expiresAt = rule.children().isEmpty() ? time : longest == Long.MAX_VALUE ? Long.MAX_VALUE : time + longest;
        done = rule.children().isEmpty();
        key = requiredAddress(true);
        keyIsDestination = key == null && (key = requiredAddress(false)) != null;
    }

    private String requiredAddress(boolean source) {
        String required = null;
        for (Rule c : current().children()) {
            Ref ref = (source ? c.from() : c.to()).onlyRef();
            Object v = ref == null ? null : resolve(ref);
            if (!(v instanceof String s)) return null;
            if (required != null && !required.equals(s)) return null;
            required = s;
        }
        return required;
    }

    /** Whether a next rule's window is still open at {@code time}. */
    boolean open(Rule next, long time) {
        return next.timeOut() == 0 || time <= windowStart + next.timeOut() * 1000L;
    }

    /**
     * The backlog's reliability at its current level: the rule's own when absolute; when
     * relative ({@code +N}), the sum of the rules' values from the root down, held to 0-10.
     */
    int reliability() {
        Rule r = current();
        if (!r.relativeReliability()) return Math.max(0, Math.min(10, r.reliability()));
        int sum = 0;
        for (Rule p : path) sum += p.reliability();
        return Math.max(0, Math.min(10, sum));
    }

    void record(Event e, Instant time) {
        events.add(e.id());
        if (first == null || time.isBefore(first)) first = time;
        if (last == null || time.isAfter(last)) last = time;
    }
}
