package io.vigil.bench;

import io.vigil.core.event.Event;
import io.vigil.core.event.Uuid7;
import io.vigil.store.LuceneEventStore;
import io.vigil.store.Retention;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The event store's CPU per indexed event, counted the way the full path pays it: the whole
 * process's CPU time (the appending thread, the refresh thread, Lucene's merges, the
 * collector, the compilers) over a round of appends, divided by the events. Throughput on
 * two cores hides the threads beside the appending one; CPU time does not, so an A/B of a
 * store change is read from this, round by round (the first rounds warm the JIT up).
 *
 * <p>The fixture logs normalized by every fixture plugin, each appended with a fresh id, in
 * batches of 1,000 with a commit every 10,000 and the production refresh of 500 ms; each
 * round ends with a commit and the merges it starts.
 *
 * <pre>
 * java -Dvigil.fixtures=../shared/fixtures -cp bench/target/benchmarks.jar io.vigil.bench.StoreCpu [rounds [events]]
 * </pre>
 */
public final class StoreCpu {
    private StoreCpu() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;
        List<Event> mix = BenchFixtures.normalizedLogEvents();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Path dir = Files.createTempDirectory("vigil-store-cpu");
        try {
            try (LuceneEventStore store = new LuceneEventStore(dir.resolve("events"), LuceneEventStore.Layout.BLOCKS,
                    Retention.NONE, Duration.ofMillis(500), Clock.systemUTC())) {
                int next = 0;
                for (int r = 1; r <= rounds; r++) {
                    long cpu0 = os.getProcessCpuTime();
                    long wall0 = System.nanoTime();
                    for (int done = 0; done < perRound; done += 1000) {
                        List<Event> batch = new ArrayList<>(1000);
                        Instant now = Instant.now();
                        for (int i = 0; i < 1000; i++) {
                            batch.add(mix.get(next).id(Uuid7.next()).received(now));
                            next = next + 1 == mix.size() ? 0 : next + 1;
                        }
                        store.append(batch);
                        if ((done + 1000) % 10_000 == 0) store.commit();
                    }
                    store.commit();
                    long cpu = os.getProcessCpuTime() - cpu0;
                    long wall = System.nanoTime() - wall0;
                    System.out.printf("round %d: %.1f us of CPU per event, %,.0f events/s%n",
                            r, cpu / 1e3 / perRound, perRound * 1e9 / wall);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
