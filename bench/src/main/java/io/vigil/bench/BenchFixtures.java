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
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** The fixture content and logs the benchmarks share (../shared/fixtures, or -Dvigil.fixtures=DIR). */
public final class BenchFixtures {
    private BenchFixtures() {}

    static Path root() {
        Path fixtures = Path.of(System.getProperty("vigil.fixtures", "../shared/fixtures"));
        if (!Files.isDirectory(fixtures.resolve("ossim/plugins"))) {
            throw new IllegalStateException("fixtures not found at " + fixtures.toAbsolutePath() + "; pass -Dvigil.fixtures=DIR");
        }
        return fixtures;
    }

    /** Every fixture plugin with its SID tables, plus Vigil's default pack. */
    static NormalizationEngine normalizer(Path fixtures) {
        return ContentLoader.load(new ContentLoader.Options(List.of(fixtures.resolve("ossim/plugins"), fixtures.resolve("ossim/plugin_sids"),
                fixtures.resolve("ossim/agent")), true, ZoneOffset.UTC, false, "10.0.0.1", Map.of()), new SimpleMeterRegistry());
    }

    /** The non-blank lines of the log files INDEX.tsv lists whose name passes {@code files}, shuffled (seed 1). */
    static List<String> logLines(Path fixtures, Predicate<String> files) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String row : Files.readAllLines(fixtures.resolve("logs/INDEX.tsv"))) {
            String file = row.split("\t")[0];
            if (file.equals("file") || !files.test(file)) continue;
            Path p = fixtures.resolve("logs").resolve(file);
            if (!Files.isRegularFile(p)) continue;
            for (String l : Files.readAllLines(p, StandardCharsets.ISO_8859_1)) if (!l.isBlank()) lines.add(l);
        }
        Collections.shuffle(lines, new Random(1));
        return lines;
    }

    /**
     * The syslog lines of the fixture logs (not the Windows event files), parsed and
     * normalized by every fixture plugin: events as the store receives them, without ids.
     */
    public static List<Event> normalizedLogEvents() throws IOException {
        Path fixtures = root();
        NormalizationEngine engine = normalizer(fixtures);
        SyslogParser parser = new SyslogParser(ZoneOffset.UTC);
        List<Event> events = new ArrayList<>();
        for (String l : logLines(fixtures, file -> !file.endsWith(".evtx"))) events.add(normalized(l, parser, engine));
        return events;
    }

    /**
     * {@code count} events drawn from the same lines (with repeats, seeded), each with its IPv4
     * addresses replaced by random ones before it is parsed and normalized, as the load
     * generator varies its corpus: a block then holds as many distinct terms as under load.
     */
    public static List<Event> normalizedLogEvents(int count, long seed) throws IOException {
        Path fixtures = root();
        NormalizationEngine engine = normalizer(fixtures);
        SyslogParser parser = new SyslogParser(ZoneOffset.UTC);
        List<String> lines = logLines(fixtures, file -> !file.endsWith(".evtx"));
        Random rnd = new Random(seed);
        List<Event> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String l = IPV4.matcher(lines.get(rnd.nextInt(lines.size())))
                    .replaceAll(m -> "10." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256));
            events.add(normalized(l, parser, engine));
        }
        return events;
    }

    /** A line as the store receives it: received over TCP, parsed, normalized. */
    private static Event normalized(String line, SyslogParser parser, NormalizationEngine engine) {
        Event e = parser.parse(RawEvent.received("syslog-tcp", "127.0.0.1:1", 0, line.getBytes(StandardCharsets.UTF_8)));
        engine.normalize(e);
        return e;
    }

    private static final Pattern IPV4 = Pattern.compile("\\b\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\b");
}
