package io.vigil.correlate.engine;

import io.vigil.core.event.Event;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Puts events back in event-time order within a bounded lateness, so that events that
 * arrive out of order by less than the bound correlate exactly as if they had arrived in
 * order. The watermark is the latest event time seen minus the lateness: an event is
 * released once the watermark passes it. An event older than the watermark on arrival (later
 * than the bound allows) is released at once, counted as late: correlated, but no longer
 * guaranteed the in-order result.
 *
 * <p>When no event has arrived for as long as the lateness (a quiet source), what is held is
 * released, in order, so the last events of a burst are not held until the next one: that
 * is the only use of the wall clock; the watermark itself moves with event time only.
 *
 * <p>Ties keep arrival order. Not thread-safe.
 */
public final class ReorderBuffer {
    private record Held(long time, long seq, Event event) {}

    private final long latenessMs;
    private final Consumer<Event> out;
    private final PriorityQueue<Held> held = new PriorityQueue<>((a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private long seq;
    private long maxSeen = Long.MIN_VALUE;
    private long late;
    private final java.util.function.LongSupplier clock;
    private long lastArrival;

    public ReorderBuffer(java.time.Duration lateness, Consumer<Event> out) {
        this(lateness, out, System::currentTimeMillis);
    }

    /** @param clock wall-clock milliseconds, for releasing what a quiet source left held */
    public ReorderBuffer(java.time.Duration lateness, Consumer<Event> out, java.util.function.LongSupplier clock) {
        this.latenessMs = lateness.toMillis();
        this.out = out;
        this.clock = clock;
    }

    /** Takes one event; releases every held event the watermark has passed. */
    public void add(Event e) {
        lastArrival = clock.getAsLong();
        long t = DirectiveEngine.timeOf(e);
        if (maxSeen != Long.MIN_VALUE && t < watermark()) {
            late++;
            out.accept(e);
            return;
        }
        held.add(new Held(t, seq++, e));
        if (t > maxSeen) maxSeen = t;
        release(watermark());
    }

    /** Releases everything held, in order, once nothing has arrived for the lateness (call as time passes). */
    public void tick() {
        if (!held.isEmpty() && clock.getAsLong() - lastArrival >= latenessMs) release(Long.MAX_VALUE);
    }

    /** Releases everything held, in order (at shutdown). */
    public void flush() {
        release(Long.MAX_VALUE);
    }

    public long watermark() {
        return maxSeen == Long.MIN_VALUE ? Long.MIN_VALUE : maxSeen - latenessMs;
    }

    public int held() {
        return held.size();
    }

    public long late() {
        return late;
    }

    private void release(long upTo) {
        while (!held.isEmpty() && held.peek().time <= upTo) out.accept(held.poll().event);
    }
}
