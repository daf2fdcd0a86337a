package io.vigil.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.core.event.Event;
import io.vigil.core.event.RawEvent;
import io.vigil.normalize.ContentLoader;
import io.vigil.normalize.NormalizationEngine;
import io.vigil.syslog.SyslogParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
 * Lines normalized per second on one thread, with every fixture plugin and SID table loaded
 * plus the default pack, over a shuffled mix of the fixture logs' syslog lines (the lines
 * are parsed by the syslog parser once, in setup; the benchmark measures the engine).
 *
 * <p>Run: {@code java -Dvigil.fixtures=../shared/fixtures -jar bench/target/benchmarks.jar Normalize -f 1 -wi 2 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NormalizeBenchmark {
    static final int BATCH = 1000;

    private NormalizationEngine engine;
    private List<Event> templates;
    private int next;

    @Setup(Level.Trial)
    public void load() throws IOException {
        Path fixtures = Path.of(System.getProperty("vigil.fixtures", "../shared/fixtures"));
        Path plugins = fixtures.resolve("ossim/plugins");
        if (!Files.isDirectory(plugins)) throw new IllegalStateException("fixtures not found at " + fixtures.toAbsolutePath() + "; pass -Dvigil.fixtures=DIR");
        engine = ContentLoader.load(new ContentLoader.Options(List.of(plugins, fixtures.resolve("ossim/plugin_sids"), fixtures.resolve("ossim/agent")),
                true, ZoneOffset.UTC, false, "10.0.0.1", Map.of()), new SimpleMeterRegistry());
        SyslogParser parser = new SyslogParser(ZoneOffset.UTC);
        List<String> lines = new ArrayList<>();
        for (String row : Files.readAllLines(fixtures.resolve("logs/INDEX.tsv"))) {
            String file = row.split("\t")[0];
            if (file.equals("file") || file.endsWith(".json") || file.endsWith(".evtx")) continue;
            Path p = fixtures.resolve("logs").resolve(file);
            if (!Files.isRegularFile(p)) continue;
            for (String l : Files.readAllLines(p, StandardCharsets.ISO_8859_1)) if (!l.isBlank()) lines.add(l);
        }
        try (var samples = Files.list(fixtures.resolve("ossim/samples"))) {
            for (Path p : (Iterable<Path>) samples::iterator) {
                if (p.toString().endsWith(".log")) for (String l : Files.readAllLines(p, StandardCharsets.ISO_8859_1)) if (!l.isBlank()) lines.add(l);
            }
        }
        Collections.shuffle(lines, new Random(1));
        templates = new ArrayList<>();
        for (String l : lines) {
            templates.add(parser.parse(RawEvent.received("syslog-tcp", "127.0.0.1:1", 0, l.getBytes(StandardCharsets.UTF_8))));
        }
        System.out.printf("%n%d plugins, %d rules; %d sample lines%n", engine.plugins().size(), engine.rules(), templates.size());
    }

    private static Event copy(Event t) {
        return new Event().id(t.id()).received(t.received()).time(t.time()).collector(t.collector()).log(t.log())
                .host(t.host()).app(t.app()).procid(t.procid()).message(t.message()).malformed(t.malformed());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int normalizeMixedLines() {
        int matched = 0;
        for (int i = 0; i < BATCH; i++) {
            Event e = copy(templates.get(next));
            next = next + 1 == templates.size() ? 0 : next + 1;
            engine.normalize(e);
            if (e.pluginId() != null) matched++;
        }
        return matched;
    }
}
