package io.vigil.sigma.engine;

import io.vigil.core.event.Event;
import io.vigil.sigma.rule.Record;
import java.util.Locale;
import java.util.function.Function;

/**
 * An event seen through one log source's mapping. Values are fetched and lowered on first use
 * and kept for the rest of the event (generation stamps, so nothing is cleared per event).
 * Not thread-safe: one per engine thread.
 */
final class EventRecord implements Record {
    private Event event;
    private Function<Event, String>[] fields;
    private String[] values = new String[0];
    private String[] lowers = new String[0];
    private int[] fetched = new int[0];
    private int[] lowered = new int[0];
    private long[][] grams = new long[0][];
    private int[] grammed = new int[0];
    private int generation;

    void bind(Event e, Function<Event, String>[] accessors) {
        this.event = e;
        this.fields = accessors;
        if (values.length < accessors.length) {
            int n = accessors.length;
            values = new String[n];
            lowers = new String[n];
            fetched = new int[n];
            lowered = new int[n];
            grams = new long[n][];
            grammed = new int[n];
        }
        generation++;
        if (generation == 0) { // wrapped: forget everything once
            java.util.Arrays.fill(fetched, 0);
            java.util.Arrays.fill(lowered, 0);
            java.util.Arrays.fill(grammed, 0);
            generation = 1;
        }
    }

    Event event() {
        return event;
    }

    @Override
    public String value(int slot) {
        if (slot >= fields.length) return null;
        if (fetched[slot] == generation) return values[slot];
        Function<Event, String> f = fields[slot];
        String v = f == null ? null : f.apply(event);
        values[slot] = v;
        fetched[slot] = generation;
        return v;
    }

    @Override
    public long[] bigrams(int slot) {
        if (slot >= fields.length) return null;
        String l = lower(slot);
        if (l == null) return null;
        long[] g = grams[slot];
        if (g == null) grams[slot] = g = new long[io.vigil.sigma.rule.Bigrams.BITS / 64];
        if (grammed[slot] != generation) {
            io.vigil.sigma.rule.Bigrams.of(l, g);
            grammed[slot] = generation;
        }
        return g;
    }

    @Override
    public String lower(int slot) {
        if (slot >= fields.length) return null;
        if (lowered[slot] == generation) return lowers[slot];
        String v = value(slot);
        String l = v == null ? null : v.toLowerCase(Locale.ROOT);
        lowers[slot] = l;
        lowered[slot] = generation;
        return l;
    }
}
