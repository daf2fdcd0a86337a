package io.vigil.store;

import io.vigil.bench.BenchFixtures;
import io.vigil.core.event.Event;
import io.vigil.core.event.Uuid7;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
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
 * An event's stored form, written (every stored event) and read (every event a search looks
 * at): {@link StoredEvent} against the JSON the store wrote before it ({@link EventJson}). The
 * fixture logs' syslog lines normalized by every fixture plugin, as {@link BlockBuildBenchmark}
 * has them. Time per event.
 *
 * <p>Run: {@code java -Dvigil.fixtures=../shared/fixtures -jar bench/target/benchmarks.jar StoredEvent -f 1 -wi 5 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StoredEventBenchmark {
    private static final int BATCH = 4096;
    private List<Event> events;
    private final List<byte[]> stored = new ArrayList<>();
    private final List<byte[]> json = new ArrayList<>();
    private final GrowableBytes out = new GrowableBytes(4096);
    private final ByteArrayOutputStream jsonOut = new ByteArrayOutputStream(4096);

    @Setup(Level.Trial)
    public void load() throws IOException {
        events = BenchFixtures.normalizedLogEvents();
        Instant now = Instant.now();
        for (Event e : events) {
            e.id(Uuid7.next()).received(now);
            stored.add(StoredEvent.write(e));
            json.add(EventJson.write(e));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int writeStored() {
        int bytes = 0;
        for (int i = 0; i < BATCH; i++) {
            out.reset();
            StoredEvent.write(events.get(i % events.size()), out);
            bytes += out.size();
        }
        return bytes;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int writeJson() {
        int bytes = 0;
        for (int i = 0; i < BATCH; i++) {
            jsonOut.reset();
            EventJson.write(events.get(i % events.size()), jsonOut);
            bytes += jsonOut.size();
        }
        return bytes;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int readStored() {
        int n = 0;
        for (int i = 0; i < BATCH; i++) {
            byte[] b = stored.get(i % stored.size());
            n += StoredEvent.read(b, 0, b.length).extra().size();
        }
        return n;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int readJson() {
        int n = 0;
        for (int i = 0; i < BATCH; i++) {
            byte[] b = json.get(i % json.size());
            n += StoredEvent.read(b, 0, b.length).extra().size();
        }
        return n;
    }
}
