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

    @Test
    void passingAnEventMovesTimeExactlyAsHoldingItWould() {
        // Two buffers see the same stream, stragglers and late events included: one holds every
        // event, the other holds only the "needed" ones and passes the rest. What the needed
        // events do (order, which are late), the watermark and the late count agree at every step.
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        for (int round = 0; round < 100; round++) {
            List<Event> outAll = new ArrayList<>();
            List<Event> outNeeded = new ArrayList<>();
            java.util.Set<Event> needed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            AtomicLong wall = new AtomicLong();
            ReorderBuffer all = new ReorderBuffer(Duration.ofMillis(300), 1_000_000, outAll::add, wall::get);
            ReorderBuffer some = new ReorderBuffer(Duration.ofMillis(300), 1_000_000, outNeeded::add, wall::get);
            long clock = 0;
            int share = 1 + rnd.nextInt(10); // one event in `share` is needed
            for (int i = 0; i < 3_000; i++) {
                clock += rnd.nextInt(4);
                int kind = rnd.nextInt(20);
                long t = kind == 0 ? Math.max(0, clock - rnd.nextInt(250)) // a straggler within the lateness
                        : kind == 1 ? Math.max(0, clock - 300 - rnd.nextInt(500)) // late
                        : clock;
                Event e = at(t);
                all.add(e);
                if (rnd.nextInt(share) == 0) {
                    needed.add(e);
                    some.add(e);
                } else {
                    some.pass(DirectiveEngine.timeOf(e));
                }
                if (rnd.nextInt(500) == 0) { // a quiet moment: everything goes out
                    wall.addAndGet(1000);
                    all.tick();
                    some.tick();
                }
                assertThat(some.watermark()).as("seed %d, event %d", seed, i).isEqualTo(all.watermark());
                assertThat(some.late()).as("seed %d, event %d", seed, i).isEqualTo(all.late());
                if (i % 100 == 0) {
                    assertThat(outNeeded).as("seed %d, event %d", seed, i).containsExactlyElementsOf(outAll.stream().filter(needed::contains).toList());
                }
            }
            all.flush();
            some.flush();
            assertThat(outNeeded).as("seed %d", seed).containsExactlyElementsOf(outAll.stream().filter(needed::contains).toList());
            assertThat(some.passed()).isEqualTo(3_000 - needed.size());
        }
    }
}
