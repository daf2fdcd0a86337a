package io.vigil.bench;

import io.vigil.core.event.Event;
import io.vigil.core.event.RawEvent;
import io.vigil.core.event.RawEventCodec;
import io.vigil.journal.Durability;
import io.vigil.journal.Journal;
import io.vigil.journal.JournalConsumer;
import io.vigil.journal.JournalOptions;
import io.vigil.journal.JournalRecord;
import io.vigil.store.LuceneEventStore;
import io.vigil.store.Retention;
import io.vigil.syslog.SyslogParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * Events per second through the durable path, per durability setting:
 * <ul>
 *   <li>{@code journalAppend}: collectors' side, 4 threads appending and waiting for the
 *       journal to hold each batch (what a RELP ack waits for);</li>
 *   <li>{@code journalToStore}: one batch appended, read back, parsed and committed to
 *       Lucene, the store pipeline's whole loop on one thread.</li>
 * </ul>
 * Run: {@code java -jar bench/target/benchmarks.jar JournalStore -f 1 -wi 2 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JournalStoreBenchmark {
    static final int BATCH = 10_000;

    @Param({"process", "power"})
    public String durability;

    private Path dir;
    private Journal journal;
    private JournalConsumer consumer;
    private LuceneEventStore store;
    private final SyslogParser parser = new SyslogParser(ZoneOffset.UTC);
    private byte[][] lines;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("vigil-bench");
        journal = Journal.open(dir.resolve("journal"), JournalOptions.defaults(Durability.parse(durability)));
        consumer = journal.consumer("store");
        store = new LuceneEventStore(dir.resolve("events"), Retention.NONE, Duration.ofSeconds(1), Clock.systemUTC());
        lines = new byte[1024][];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = ("<38>Nov 25 10:0" + (i % 10) + ":00 web-" + (i % 7) + " sshd[" + (1000 + i) + "]: Failed password for invalid user u"
                    + i + " from 198.51.100." + (i % 250) + " port " + (40000 + i) + " ssh2").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private byte[] record(int i) {
        return RawEventCodec.encode(RawEvent.received("syslog-tcp", "127.0.0.1:50000", 0, lines[i & 1023]));
    }

    @Benchmark
    @Threads(4)
    @OperationsPerInvocation(1000)
    public void journalAppend() {
        CompletableFuture<Void> last = null;
        for (int i = 0; i < 1000; i++) last = journal.append(record(i));
        last.join();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long journalToStore() throws Exception {
        CompletableFuture<Void> last = null;
        for (int i = 0; i < BATCH; i++) last = journal.append(record(i));
        last.join();
        List<Event> events = new ArrayList<>(BATCH);
        long next = consumer.position();
        while (events.size() < BATCH) {
            for (JournalRecord r : consumer.poll(BATCH, Duration.ofSeconds(1))) {
                events.add(parser.parse(RawEventCodec.decode(r.payload())));
                next = r.next();
            }
        }
        store.append(events);
        store.commit();
        consumer.commit(next);
        return next;
    }

    @TearDown(Level.Iteration)
    public void catchUp() throws Exception {
        // journalAppend leaves records no one reads: let the consumer pass them so the
        // journal never reaches max_size and segments are deleted as in production.
        while (!consumer.poll(100_000, Duration.ofMillis(10)).isEmpty()) { }
        consumer.commit(consumer.position());
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        journal.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
