package io.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.event.Event;
import io.vigil.core.event.Json;
import io.vigil.core.event.RawEvent;
import io.vigil.core.event.Uuid7;
import io.vigil.normalize.NormalizationEngine;
import io.vigil.sigma.engine.EvtxJson;
import io.vigil.sigma.engine.SigmaContent;
import io.vigil.sigma.engine.SigmaEngine;
import io.vigil.syslog.SyslogParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Events per second through the Sigma engine on one thread, with every fixture rule loaded
 * (SigmaHQ's detection rules, the correlation rules, the v1 aggregations), over a mixed stream:
 * the fixture logs normalized by every fixture plugin and SigmaHQ's Windows regression events
 * through Vigil's Windows decoder, shuffled (setup), event times advancing 5 ms per event.
 *
 * <p>Run: {@code java -Dvigil.fixtures=../shared/fixtures -jar bench/target/benchmarks.jar Sigma -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SigmaBenchmark {
    static final int BATCH = 10_000;

    private SigmaEngine engine;
    private List<Event> templates;
    private int next;
    private long time = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();

    @Setup(Level.Trial)
    public void load() throws IOException {
        Path fixtures = BenchFixtures.root();
        NormalizationEngine normalizer = BenchFixtures.normalizer(fixtures);
        SyslogParser parser = new SyslogParser(ZoneOffset.UTC);
        templates = new ArrayList<>();
        for (String l : BenchFixtures.logLines(fixtures, file -> !file.endsWith(".evtx"))) {
            Event e = parser.parse(RawEvent.received("syslog-tcp", "127.0.0.1:1", 0, l.getBytes(StandardCharsets.UTF_8)));
            normalizer.normalize(e);
            templates.add(e);
        }
        int windows = 0;
        try (Stream<Path> s = Files.walk(fixtures.resolve("sigma/events"))) {
            for (Path f : s.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode doc = Json.mapper().readTree(f.toFile());
                String line = EvtxJson.toFlatJson(EvtxJson.flatten(doc));
                Event e = parser.parse(RawEvent.received("syslog-tcp", "127.0.0.1:1", 0, line.getBytes(StandardCharsets.UTF_8)));
                normalizer.normalize(e);
                // as often as a Windows collector's share of a mixed site might be: each regression event 20 times
                for (int i = 0; i < 20; i++) templates.add(e);
                windows += 20;
            }
        }
        Collections.shuffle(templates, new Random(3));
        for (int i = 0; i < templates.size(); i++) templates.set(i, copyWithId(templates.get(i)));
        SigmaContent content = SigmaContent.load(List.of(fixtures.resolve("sigma/rules"), fixtures.resolve("sigma/correlation"),
                fixtures.resolve("sigma/legacy-aggregation")));
        engine = new SigmaEngine(content, 100_000);
        long active = content.placements().stream().filter(p -> p.inactive() == null).count();
        System.out.printf("%n%d rules (%d active), %d correlation rules; %d events in the mix (%d Windows)%n",
                content.rules().size(), active, content.correlations().size(), templates.size(), windows);
    }

    private static Event copyWithId(Event e) {
        try {
            Event c = Json.mapper().readValue(Json.mapper().writeValueAsBytes(e), Event.class);
            return c.id(Uuid7.next());
        } catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int matchMixedEvents() {
        int matches = 0;
        for (int i = 0; i < BATCH; i++) {
            Event e = templates.get(next);
            next = next + 1 == templates.size() ? 0 : next + 1;
            time += 5;
            matches += engine.process(e, time).size(); // ids given in setup: the engine only carries them
        }
        engine.advanceTo(time);
        return matches;
    }

    @TearDown(Level.Trial)
    public void report() {
        SigmaEngine.Stats s = engine.stats();
        System.out.printf("%nevents %d, without a log source %d, rule matches %d, matches out %d, correlations fired %d, live groups %d%n",
                s.events, s.unclassified, s.ruleMatches, s.matchesOut, s.correlationsFired, s.liveGroups);
    }
}
