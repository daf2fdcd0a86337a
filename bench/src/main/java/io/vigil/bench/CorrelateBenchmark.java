package io.vigil.bench;

import io.vigil.core.event.Event;
import io.vigil.core.event.RawEvent;
import io.vigil.core.event.Uuid7;
import io.vigil.correlate.directive.DirectiveLoader;
import io.vigil.correlate.directive.Networks;
import io.vigil.correlate.engine.Alarm;
import io.vigil.correlate.engine.AssetValues;
import io.vigil.correlate.engine.DirectiveEngine;
import io.vigil.normalize.NormalizationEngine;
import io.vigil.syslog.SyslogParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Events per second through the directive engine on one thread, with every fixture
 * directive loaded (the OSSIM 5.5.1 feed and the 2.1 set), over the fixture logs normalized
 * by every fixture plugin (setup), addresses drawn from a small pool so that backlogs open,
 * climb and expire, event times advancing 5 ms per event. Counters are printed at the end so
 * the share of events that met a directive is visible next to the rate.
 *
 * <p>Run: {@code java -Dvigil.fixtures=../shared/fixtures -jar bench/target/benchmarks.jar Correlate -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CorrelateBenchmark {
    static final int BATCH = 10_000;

    private DirectiveEngine engine;
    private List<Event> templates;
    private int next;
    private long time = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
    private long alarms;

    @Setup(Level.Trial)
    public void load() throws IOException {
        Path fixtures = BenchFixtures.root();
        NormalizationEngine normalizer = BenchFixtures.normalizer(fixtures);
        SyslogParser parser = new SyslogParser(ZoneOffset.UTC);
        List<String> lines = BenchFixtures.logLines(fixtures, file -> !file.endsWith(".evtx"));
        Random r = new Random(2);
        templates = new ArrayList<>();
        for (String l : lines) {
            Event e = parser.parse(RawEvent.received("syslog-tcp", "127.0.0.1:1", 0, l.getBytes(StandardCharsets.UTF_8)));
            normalizer.normalize(e);
            if (e.pluginId() == null) continue; // the engine drops these at its first test; keep the mix about plugins
            // a small pool of attackers and targets, so that the same pairs recur and backlogs climb
            e.srcIp("203.0.113." + r.nextInt(40)).dstIp("10.0.0." + r.nextInt(20)).srcPort(1024 + r.nextInt(60000)).dstPort(List.of(22, 80, 443, 445, 3389).get(r.nextInt(5)));
            templates.add(e);
        }
        DirectiveLoader.Result directives = DirectiveLoader.load(List.of(fixtures.resolve("ossim/directives")));
        engine = new DirectiveEngine(directives.directives(), Networks.PRIVATE_HOME_NET, AssetValues.NONE, DirectiveEngine.Limits.DEFAULT,
                new DirectiveEngine.Sink() {
                    @Override
                    public void directiveEvent(Event event) { }

                    @Override
                    public void alarm(Alarm alarm) {
                        alarms++;
                    }
                });
        System.out.printf("%n%d directives, %d rules; %d normalized events with a plugin in the mix%n",
                directives.directives().size(), directives.rules(), templates.size());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void correlateMixedEvents() {
        for (int i = 0; i < BATCH; i++) {
            Event e = templates.get(next);
            next = next + 1 == templates.size() ? 0 : next + 1;
            time += 5;
            engine.process(e.id(Uuid7.next()).time(Instant.ofEpochMilli(time)));
        }
        engine.advanceTo(time);
    }

    @TearDown(Level.Trial)
    public void report() {
        DirectiveEngine.Stats s = engine.stats();
        System.out.printf("%nevents %d, directive candidates %d, backlogs opened %d, levels %d, expired %d, evicted %d, live %d, directive events %d, alarms %d%n",
                s.events, s.candidates, s.opened, s.levelsReached, s.expired, s.evicted, s.live, s.directiveEvents, alarms);
    }
}
