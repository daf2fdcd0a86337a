package io.vigil.bench;

import io.vigil.core.event.Event;
import io.vigil.correlate.engine.ReorderBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
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
 * Correlation's reorder buffer under load: 20 events per millisecond of event time (20,000
 * a second), 5% of them up to 2 s late, a 5 s lateness, so about 100,000 events are held
 * at any time, as in the full path at its rate.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ReorderBuffer -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReorderBufferBenchmark {
    static final int EVENTS = 1_000_000;
    private Event[] events;
    private long released;

    @Setup(Level.Trial)
    public void events() {
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        Random rnd = new Random(1);
        events = new Event[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            long t = i / 20 - (rnd.nextInt(20) == 0 ? rnd.nextInt(2000) : 0);
            events[i] = new Event().time(t0.plusMillis(Math.max(0, t)));
        }
    }

    /** Time per event: every event in, all out in time order. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long addAndRelease() {
        ReorderBuffer b = new ReorderBuffer(Duration.ofSeconds(5), 1_000_000, e -> released++, () -> 0);
        for (Event e : events) b.add(e);
        b.flush();
        return released;
    }
}
