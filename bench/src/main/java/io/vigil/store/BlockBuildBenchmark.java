package io.vigil.store;

import io.vigil.bench.BenchFixtures;
import io.vigil.core.event.Event;
import io.vigil.core.event.Uuid7;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the block layout costs per event before Lucene sees it: the event's terms into the
 * block's distinct ones (tokenizing its text), its points, its stored form ({@link StoredEventBenchmark}). The fixture logs'
 * syslog lines, normalized by every fixture plugin in setup, added to blocks of 4,096.
 * {@link #addVariedToReusedBlock} is closer to the full path: events varied as the load
 * generator varies them (addresses rewritten per event, so a block holds as many distinct
 * terms and points as under load) into one block reused as the store reuses it;
 * {@link #frame} compresses such a block for its block file.
 * (In the store's package: blocks are internal to it.)
 *
 * <p>Run: {@code java -Dvigil.fixtures=../shared/fixtures -jar bench/target/benchmarks.jar BlockBuild -f 1 -wi 5 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BlockBuildBenchmark {
    private List<Event> events;
    private List<Event> varied;
    private final EventBlock reused = new EventBlock();
    private int next;

    @Setup(Level.Trial)
    public void load() throws IOException {
        events = BenchFixtures.normalizedLogEvents();
        for (Event e : events) e.id(Uuid7.next());
        varied = BenchFixtures.normalizedLogEvents(60_000, 5);
        Instant now = Instant.now();
        for (Event e : varied) e.id(Uuid7.next()).received(now);
        fill();
    }

    /** Time per event: every fixture event once, in blocks as the store fills them. */
    @Benchmark
    @OperationsPerInvocation(4096)
    public int addToBlocks() {
        EventBlock block = new EventBlock();
        int blocks = 0;
        for (int i = 0; i < 4096; i++) {
            if (block.isFull()) {
                block = new EventBlock();
                blocks++;
            }
            block.add(events.get(i % events.size()));
        }
        return blocks + block.size();
    }

    /** A block of the varied events, its payload as the block file compresses it. */
    private byte[] payload;

    private void fill() {
        EventBlock full = new EventBlock();
        for (int i = 0; i < EventBlock.MAX_EVENTS; i++) full.add(varied.get(i));
        payload = full.events();
    }

    /** Time per event: a block's events compressed and framed for the block file (LZ4, CRC32C). */
    @Benchmark
    @OperationsPerInvocation(EventBlock.MAX_EVENTS)
    public int frame() {
        return BlockFile.frame(payload, payload.length).length;
    }

    /** Time per event: a block's worth of the varied events into the reused block, then its reset. */
    @Benchmark
    @OperationsPerInvocation(EventBlock.MAX_EVENTS)
    public int addVariedToReusedBlock() {
        reused.reset();
        for (int i = 0; i < EventBlock.MAX_EVENTS; i++) {
            reused.add(varied.get(next));
            next = next + 1 == varied.size() ? 0 : next + 1;
        }
        return reused.size();
    }
}
