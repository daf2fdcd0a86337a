package io.vigil.correlate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.event.Event;
import io.vigil.core.event.Uuid7;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    static Event at(long ms) {
        return new Event().id(Uuid7.next()).time(T0.plusMillis(ms));
    }

    @Test
    void eventsComeOutInTimeOrderOnceTheWatermarkPassesThem() {
        List<Long> out = new ArrayList<>();
        AtomicLong wall = new AtomicLong(1_000_000);
        ReorderBuffer b = new ReorderBuffer(Duration.ofSeconds(5), 100, e -> out.add(e.time().toEpochMilli() - T0.toEpochMilli()), wall::get);
        for (long t : new long[] {3000, 1000, 2000, 0, 7000}) b.add(at(t));
        assertThat(out).containsExactly(0L, 1000L, 2000L); // watermark 7000 - 5000
        b.add(at(2500)); // behind the lateness, but nothing after it has gone out: still in order
        assertThat(out).containsExactly(0L, 1000L, 2000L);
        b.add(at(1500)); // older than an event already out: late, out at once
        assertThat(out).containsExactly(0L, 1000L, 2000L, 1500L);
        assertThat(b.late()).isEqualTo(1);
        b.tick();
        assertThat(b.held()).as("the source is not quiet yet").isEqualTo(3);
        wall.addAndGet(5000);
        b.tick();
        assertThat(out).containsExactly(0L, 1000L, 2000L, 1500L, 2500L, 3000L, 7000L);
        assertThat(b.watermark()).as("the watermark follows event time, not the wall clock").isEqualTo(T0.toEpochMilli() + 7000);
    }

    @Test
    void atMostMaxHeldWaitAndTheOldestGoesFirst() {
        List<Long> out = new ArrayList<>();
        ReorderBuffer b = new ReorderBuffer(Duration.ofMinutes(1), 3, e -> out.add(e.time().toEpochMilli() - T0.toEpochMilli()), () -> 0);
        for (long t : new long[] {400, 100, 300, 200, 500}) b.add(at(t));
        assertThat(out).containsExactly(100L, 200L);
        assertThat(b.held()).isEqualTo(3);
        assertThat(b.forced()).isEqualTo(2);
    }

    @Test
    void mostlyOrderedStreamsComeOutSortedWithTiesInArrivalOrder() {
        // Mostly in order with some stragglers (the usual shape of load): every event inside
        // the lateness comes out sorted by time, ties in arrival order, none late.
        Random rnd = new Random(9);
        for (int round = 0; round < 200; round++) {
            List<Event> out = new ArrayList<>();
            ReorderBuffer b = new ReorderBuffer(Duration.ofMillis(500), 1_000_000, out::add, () -> 0);
            List<Event> sent = new ArrayList<>();
            long clock = 0;
            for (int i = 0; i < 2_000; i++) {
                clock += rnd.nextInt(3);
                long t = rnd.nextInt(10) == 0 ? Math.max(0, clock - rnd.nextInt(400)) : clock; // a straggler, within the lateness
                Event e = at(t);
                sent.add(e);
                b.add(e);
            }
            b.flush();
            List<Event> expected = new ArrayList<>(sent);
            expected.sort(java.util.Comparator.comparing(Event::time)); // stable: ties keep arrival order
            assertThat(b.late()).isZero();
            assertThat(out).containsExactlyElementsOf(expected);
        }
    }
}
