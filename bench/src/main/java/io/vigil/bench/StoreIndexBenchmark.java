package io.vigil.bench;

import io.vigil.core.event.Event;
import io.vigil.core.event.Uuid7;
import io.vigil.store.LuceneEventStore;
import io.vigil.store.Retention;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Events indexed per second by the event store, on one appending thread (Lucene's merges
 * run on their own threads, as in production), with realistic events: the fixture logs'
 * syslog lines normalized by every fixture plugin in setup, each appended with a fresh id
 * and committed every {@value #BATCH} events (about what the store pipeline commits each
 * second). This is the part of the full path that costs most.
 *
 * <p>Run: {@code java -Dvigil.fixtures=../shared/fixtures -jar bench/target/benchmarks.jar StoreIndex -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreIndexBenchmark {
    static final int BATCH = 10_000;

    /** The store layout under test (docs/store.md). */
    @Param({"blocks", "events"})
    public String layout;

    private Path dir;
    private LuceneEventStore store;
    private List<Event> normalized;
    private int next;

    @Setup(Level.Trial)
    public void load() throws IOException {
        normalized = BenchFixtures.normalizedLogEvents();
        dir = Files.createTempDirectory("vigil-bench-store");
        store = new LuceneEventStore(dir.resolve("events"), LuceneEventStore.Layout.valueOf(layout.toUpperCase(java.util.Locale.ROOT)),
                Retention.NONE, Duration.ofMillis(500), Clock.systemUTC());
        System.out.printf("%n%d normalized events in the mix%n", normalized.size());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void appendAndCommit() throws IOException {
        List<Event> batch = new ArrayList<>(BATCH);
        Instant now = Instant.now();
        for (int i = 0; i < BATCH; i++) {
            Event e = normalized.get(next);
            next = next + 1 == normalized.size() ? 0 : next + 1;
            batch.add(e.id(Uuid7.next()).received(now));
        }
        store.append(batch);
        store.commit();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
