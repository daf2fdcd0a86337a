package io.vigil.bench;

import io.vigil.core.event.Event;
import io.vigil.core.event.Json;
import io.vigil.core.event.RawEvent;
import io.vigil.core.event.Uuid7;
import io.vigil.normalize.NormalizationEngine;
import io.vigil.store.LuceneEventStore;
import io.vigil.store.Retention;
import io.vigil.syslog.SyslogParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Fills a data directory's event store with N events (the fixture logs normalized by every
 * fixture plugin, addresses and times varied over the last day), for measuring the console's
 * pages over a large store (bench/console-pages.sh). Not a JMH benchmark: a tool.
 *
 * <p>Run: {@code java -Dvigil.fixtures=../shared/fixtures -cp bench/target/benchmarks.jar io.vigil.bench.FillStore DATA_DIR 10000000}
 */
public final class FillStore {
    private FillStore() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        long count = Long.parseLong(args[1]);
        Path fixtures = BenchFixtures.root();
        NormalizationEngine engine = BenchFixtures.normalizer(fixtures);
        SyslogParser parser = new SyslogParser(ZoneOffset.UTC);
        List<byte[]> templates = new ArrayList<>();
        for (String l : BenchFixtures.logLines(fixtures, file -> !file.endsWith(".evtx"))) {
            Event e = parser.parse(RawEvent.received("syslog-tcp", "127.0.0.1:1", 0, l.getBytes(StandardCharsets.UTF_8)));
            engine.normalize(e);
            templates.add(Json.mapper().writeValueAsBytes(e));
        }
        Random r = new Random(7);
        long now = System.currentTimeMillis();
        long start = System.nanoTime();
        try (LuceneEventStore store = new LuceneEventStore(data.resolve("events"), Retention.NONE, Duration.ofSeconds(5), Clock.systemUTC())) {
            List<Event> batch = new ArrayList<>(10_000);
            for (long i = 0; i < count; i++) {
                Event e = Json.mapper().readValue(templates.get(r.nextInt(templates.size())), Event.class);
                Instant t = Instant.ofEpochMilli(now - (long) (r.nextDouble() * 86_400_000L));
                e.id(Uuid7.next()).time(t).received(t).srcIp("198.51.100." + r.nextInt(256)).dstIp("10.0." + r.nextInt(4) + "." + r.nextInt(256));
                batch.add(e);
                if (batch.size() == 10_000) {
                    store.append(batch);
                    batch.clear();
                }
                if ((i + 1) % 1_000_000 == 0) {
                    store.commit();
                    System.out.printf("%,d events, %.0f/s%n", i + 1, (i + 1) / ((System.nanoTime() - start) / 1e9));
                }
            }
            store.append(batch);
            store.commit();
        }
        System.out.printf("done: %,d events in %.0f s%n", count, (System.nanoTime() - start) / 1e9);
    }
}
