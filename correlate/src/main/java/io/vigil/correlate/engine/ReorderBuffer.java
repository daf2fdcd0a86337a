package io.vigil.correlate.engine;

import io.vigil.core.event.Event;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Puts events back in event-time order within a bounded lateness, so that events that
 * arrive out of order by less than the bound correlate exactly as if they had arrived in
 * order. An event is held until the latest event time seen is more than the lateness past
 * it, then released in time order. An event older than one already released arrives too
 * late: it is released at once and counted as late (correlated, without the in-order
 * guarantee).
 *
 * <p>Two bounds keep it honest under load: at most {@code maxHeld} events wait (beyond, the
 * oldest is released early, counted as forced), and when nothing has arrived for as long as
 * the lateness (a quiet source) everything held is released, so the last events of a burst
 * are not held until the next one. The wall clock is used for that only.
 *
 * <p>Ties keep arrival order. Not thread-safe.
 */
public final class ReorderBuffer {
    /** An event waiting for its turn, with what the caller noted of it; a passed time (below) has no event. */
    private record Held(long time, long seq, Event event, Object note) {}

    /** Where released events go, in time order, each with the note it was added with. */
    @FunctionalInterface
    public interface Out {
        void accept(Event e, Object note);
    }

    private final long latenessMs;
    private final int maxHeld;
    private final Out out;
    private final java.util.function.LongSupplier clock;
    private static final Comparator<Held> ORDER = (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq);
    /**
     * Held events in two lanes, released by merging their heads: most events arrive in time
     * order and are appended to a queue (no heap of a hundred thousand to sift through); the
     * others wait in a heap.
     */
    private final ArrayDeque<Held> inOrder = new ArrayDeque<>();
    private final PriorityQueue<Held> outOfOrder = new PriorityQueue<>(ORDER);
    /**
     * Times of passed events ({@link #pass}) in arrival order, which is time order (a passed
     * time older than the last one waits in the heap as an event-less {@link Held}): a ring of
     * longs, because most events need no ordering and an object each is what the collector
     * would copy while they wait out the lateness.
     */
    private long[] passed = new long[1024];
    private int passedHead;
    private int passedSize;
    private long passes;
    private long seq;
    private long maxSeen = Long.MIN_VALUE;
    private long releasedUpTo = Long.MIN_VALUE;
    private long lastArrival;
    private long late;
    private long forced;

    public ReorderBuffer(java.time.Duration lateness, Consumer<Event> out) {
        this(lateness, 100_000, out, System::currentTimeMillis);
    }

    /** @param clock wall-clock milliseconds, for releasing what a quiet source left held */
    public ReorderBuffer(java.time.Duration lateness, int maxHeld, Consumer<Event> out, java.util.function.LongSupplier clock) {
        this(lateness, maxHeld, (Out) (e, note) -> out.accept(e), clock);
    }

    /** A buffer whose events go out with the note each was added with ({@link #add(Event, Object)}). */
    public static ReorderBuffer noting(java.time.Duration lateness, int maxHeld, Out out, java.util.function.LongSupplier clock) {
        return new ReorderBuffer(lateness, maxHeld, out, clock);
    }

    private ReorderBuffer(java.time.Duration lateness, int maxHeld, Out out, java.util.function.LongSupplier clock) {
        this.latenessMs = lateness.toMillis();
        this.maxHeld = Math.max(1, maxHeld);
        this.out = out;
        this.clock = clock;
    }

    /** Takes one event; releases every held event the lateness no longer covers. */
    public void add(Event e) {
        add(e, null);
    }

    /** The same, with a note that goes out with the event. */
    public void add(Event e, Object note) {
        lastArrival = clock.getAsLong();
        long t = DirectiveEngine.timeOf(e);
        if (t < releasedUpTo) {
            late++;
            out.accept(e, note);
            return;
        }
        Held h = new Held(t, seq++, e, note);
        if (inOrder.isEmpty() || t >= inOrder.peekLast().time) inOrder.addLast(h);
        else outOfOrder.add(h);
        arrived(t);
    }

    /**
     * An event at time {@code t} that nothing downstream needs (it can match no rule): it is
     * not kept, but moves time on exactly as if it were held and released in its turn, so the
     * watermark and what counts as late are those of adding it.
     */
    public void pass(long t) {
        lastArrival = clock.getAsLong();
        passes++;
        if (t < releasedUpTo) {
            late++;
            return;
        }
        if (passedSize == 0 || t >= passed[(passedHead + passedSize - 1) & (passed.length - 1)]) {
            if (passedSize >= 8L * maxHeld) { // event time stands still (a sender's broken clock): bounded too
                forced++;
                release(passed[passedHead]);
            }
            if (passedSize == passed.length) growPassed();
            passed[(passedHead + passedSize++) & (passed.length - 1)] = t;
        } else {
            outOfOrder.add(new Held(t, seq++, null, null));
        }
        arrived(t);
    }

    private void arrived(long t) {
        if (t > maxSeen) maxSeen = t;
        release(maxSeen - latenessMs);
        while (held() > maxHeld) {
            forced++;
            release(next());
        }
    }

    private void growPassed() {
        long[] grown = new long[passed.length * 2];
        for (int i = 0; i < passedSize; i++) grown[i] = passed[(passedHead + i) & (passed.length - 1)];
        passed = grown;
        passedHead = 0;
    }

    /** Releases everything held, in order, once nothing has arrived for the lateness (call as time passes). */
    public void tick() {
        if ((held() > 0 || passedSize > 0) && clock.getAsLong() - lastArrival >= latenessMs) release(Long.MAX_VALUE);
    }

    /** Releases everything held, in order (at shutdown). */
    public void flush() {
        release(Long.MAX_VALUE);
    }

    /** The event time up to which events have gone out in order (Long.MIN_VALUE before any). */
    public long watermark() {
        return releasedUpTo;
    }

    public int held() {
        return inOrder.size() + outOfOrder.size();
    }

    /** Events that were passed ({@link #pass}) rather than held. */
    public long passed() {
        return passes;
    }

    public long late() {
        return late;
    }

    /** Events released before the lateness passed because {@code maxHeld} were waiting. */
    public long forced() {
        return forced;
    }

    private void release(long upTo) {
        // passed times first: a held event released below may pass over them, as it would have
        while (passedSize > 0 && passed[passedHead] <= upTo) {
            if (passed[passedHead] > releasedUpTo) releasedUpTo = passed[passedHead];
            passedHead = (passedHead + 1) & (passed.length - 1);
            passedSize--;
        }
        for (Held h = next(); h != null && h.time <= upTo; h = next()) release(h);
    }

    /** The held event to go out next (the earlier of the lanes' heads), or null. */
    private Held next() {
        Held a = inOrder.peekFirst();
        Held b = outOfOrder.peek();
        if (a == null) return b;
        if (b == null) return a;
        return ORDER.compare(a, b) <= 0 ? a : b;
    }

    /** Releases {@code h}, the head of one lane (as {@link #next()} gave it). */
    private void release(Held h) {
        if (h == inOrder.peekFirst()) inOrder.pollFirst();
        else outOfOrder.poll();
        if (h.time > releasedUpTo) releasedUpTo = h.time;
        if (h.event != null) out.accept(h.event, h.note);
    }
}
