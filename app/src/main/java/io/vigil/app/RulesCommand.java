package io.vigil.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.event.Event;
import io.vigil.core.event.Json;
import io.vigil.core.event.RawEvent;
import io.vigil.core.event.Uuid7;
import io.vigil.normalize.NormalizationEngine;
import io.vigil.sigma.engine.EvtxJson;
import io.vigil.sigma.engine.SigmaContent;
import io.vigil.sigma.engine.SigmaEngine;
import io.vigil.sigma.engine.SigmaMatch;
import io.vigil.sigma.rule.RuleLoader;
import io.vigil.sigma.rule.SigmaCorrelation;
import io.vigil.sigma.rule.SigmaRule;
import io.vigil.syslog.SyslogParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Sigma rules as their authors work with them: list and test on files, hunt through a running instance. */
@Command(name = "rules", description = "Lists, tests and hunts with Sigma rules.",
        subcommands = {RulesCommand.ListRules.class, RulesCommand.TestRules.class, RulesCommand.HuntRules.class})
final class RulesCommand {

    static SigmaContent load(List<Path> paths, PrintWriter err) {
        Logging.setLevel("error");
        for (Path p : paths) if (!Files.exists(p)) throw new UserFacingException("no such file or directory: " + p);
        SigmaContent c = SigmaContent.load(paths);
        for (RuleLoader.RuleError e : c.errors()) err.println("error: " + e);
        err.flush();
        return c;
    }

    static void checkFormat(String format) {
        if (!format.equals("table") && !format.equals("json")) throw new UserFacingException("--format must be table or json");
    }

    @Command(name = "list", description = {"Lists the Sigma rules in the PATHs (files or directories, with any Sigma mapping among them):",
            "each rule's level, log source and where it runs, or why it does not; counts per log source. Errors go to",
            "standard error with file and line; the exit status is 1 if any rule failed to load."})
    static final class ListRules implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "PATH", arity = "1..*") List<Path> paths = new ArrayList<>();
        @Option(names = "--format", defaultValue = "table", description = "table or json (default ${DEFAULT-VALUE}).") String format;

        @Override
        public Integer call() throws IOException {
            checkFormat(format);
            PrintWriter out = spec.commandLine().getOut();
            SigmaContent c = load(paths, spec.commandLine().getErr());
            if (format.equals("json")) {
                ObjectNode root = Json.mapper().createObjectNode();
                ArrayNode rules = root.putArray("rules");
                for (SigmaContent.Placement p : c.placements()) {
                    SigmaRule r = p.rule();
                    ObjectNode o = rules.addObject().put("id", r.id()).put("title", r.title()).put("level", r.level()).put("status", r.status())
                            .put("logsource", r.logsource().key()).put("file", r.file().toString()).put("line", r.line()).put("alerts", r.generate());
                    o.putPOJO("runs_on", p.sources());
                    if (p.inactive() != null) o.put("inactive", p.inactive());
                    o.putPOJO("tags", r.tags());
                }
                ArrayNode corr = root.putArray("correlations");
                for (SigmaCorrelation k : c.correlations()) {
                    corr.addObject().put("id", k.id()).put("title", k.title()).put("type", k.type().text()).put("timespan", k.timespan().toString())
                            .put("file", k.file().toString()).put("line", k.line()).putPOJO("rules", k.rules().stream().map(SigmaRule::key).toList())
                            .putPOJO("group_by", k.groupBy());
                }
                root.putPOJO("by_logsource", c.countsByLogsource());
                ArrayNode errors = root.putArray("errors");
                for (RuleLoader.RuleError e : c.errors()) errors.addObject().put("file", e.file().toString()).put("line", e.line()).put("reason", e.message());
                out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
            } else {
                out.printf("%-13s %-30s %-28s %-70s %s%n", "LEVEL", "LOG SOURCE", "RUNS ON", "TITLE", "FILE");
                for (SigmaContent.Placement p : c.placements()) {
                    SigmaRule r = p.rule();
                    String on = p.inactive() != null ? "inactive*" : String.join(",", p.sources());
                    out.printf("%-13s %-30s %-28s %-70s %s:%d%n", r.level() == null ? "-" : r.level(), TerminalText.fit(r.logsource().key(), 30),
                            TerminalText.fit(on, 28), TerminalText.fit(r.title(), 70), r.file().getFileName(), r.line());
                    if (p.inactive() != null) out.printf("    * %s%n", TerminalText.fit(p.inactive(), 160));
                }
                for (SigmaCorrelation k : c.correlations()) {
                    out.printf("%-13s %-30s %-28s %-70s %s:%d%n", k.level() == null ? "-" : k.level(), "correlation", k.type().text(),
                            TerminalText.fit(k.title(), 70), k.file().getFileName(), k.line());
                }
                out.println();
                out.println("rules per log source (product/category/service):");
                c.countsByLogsource().forEach((k, v) -> out.printf("  %-40s %d%n", k, v));
                long inactive = c.placements().stream().filter(p -> p.inactive() != null).count();
                out.printf("%d rules (%d inactive), %d correlation rules, %d errors%n", c.rules().size(), inactive, c.correlations().size(), c.errors().size());
            }
            out.flush();
            return c.errors().isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "test", description = {"Runs the Sigma rules of RULE (a file or directory) over events and shows, for each event and rule,",
            "whether it matched, which selections did, the condition's value, and correlation groups. EVENTS are files of",
            "JSON events (one per line, or one JSON document per file; Windows events rendered from EVTX as JSON are",
            "flattened as Sigma names their fields) or raw log lines, normalized first; '-' or none: standard input."})
    static final class TestRules implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "RULE") Path rules;
        @Parameters(index = "1..*", paramLabel = "EVENTS") List<String> files = new ArrayList<>();
        @Option(names = "--content", paramLabel = "PATH", description = "Plugins (and SID tables) to normalize raw lines with.") List<Path> content = new ArrayList<>();
        @Option(names = "--format", defaultValue = "table", description = "table or json (one object per event and rule).") String format;

        private NormalizationEngine normalizer;
        private final SyslogParser parser = new SyslogParser(ZoneId.systemDefault());

        @Override
        public Integer call() throws IOException {
            checkFormat(format);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            SigmaContent c = load(List.of(rules), err);
            if (c.rules().isEmpty()) throw new UserFacingException("no Sigma rule loaded from " + rules);
            SigmaEngine engine = new SigmaEngine(c, 100_000);
            boolean json = format.equals("json");
            int[] counts = new int[2];
            for (String source : files.isEmpty() ? List.of("-") : files) {
                for (Input in : read(source, err)) {
                    Event e = in.event();
                    long t = e.time() != null ? e.time().toEpochMilli() : e.received() != null ? e.received().toEpochMilli() : System.currentTimeMillis();
                    List<SigmaMatch> fired = engine.process(e, t);
                    counts[0]++;
                    if (!json) out.printf("%s  log source %s%n", in.where(), engine.sourceOf(e) == null ? "(none)" : engine.sourceOf(e));
                    for (SigmaRule r : c.rules()) {
                        SigmaEngine.Explanation x = engine.explain(r, e);
                        if (x.condition()) counts[1]++;
                        if (json) {
                            ObjectNode o = Json.mapper().createObjectNode().put("event", in.where()).put("rule", r.key()).put("title", r.title())
                                    .put("matched", x.condition()).put("log_source", x.source());
                            o.putPOJO("selections", x.selections());
                            if (x.reason() != null) o.put("reason", x.reason());
                            out.println(o);
                        } else {
                            out.printf("    %-8s %s [%s]%n", x.condition() ? "MATCH" : "no", TerminalText.fit(r.title(), 80), r.key());
                            if (x.reason() != null) out.printf("             %s%n", x.reason());
                            else {
                                StringBuilder b = new StringBuilder();
                                x.selections().forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k).append(v ? "=true" : "=false"));
                                out.printf("             selections: %s; condition %s: %s%n", b, TerminalText.fit(r.detection().conditionText(), 80), x.condition());
                            }
                        }
                    }
                    for (SigmaCorrelation k : c.correlations()) {
                        String g = engine.lastGroup(k);
                        boolean hit = fired.stream().anyMatch(m -> m.correlation() == k);
                        if (json) {
                            ObjectNode o = Json.mapper().createObjectNode().put("event", in.where()).put("rule", k.key()).put("title", k.title())
                                    .put("correlation", k.type().text()).put("matched", hit);
                            if (g != null) o.put("group", g);
                            out.println(o);
                        } else if (g != null || hit) {
                            out.printf("    %-8s %s [%s, %s]%n             %s%n", hit ? "FIRED" : "counted", TerminalText.fit(k.title(), 80), k.key(), k.type().text(), g);
                        }
                    }
                }
            }
            if (!json) out.printf("%d events, %d rule matches%n", counts[0], counts[1]);
            out.flush();
            err.flush();
            return c.errors().isEmpty() ? 0 : 1;
        }

        private record Input(String where, Event event) {}

        /** A file of events: one JSON document, JSON lines, or raw log lines. */
        private List<Input> read(String source, PrintWriter err) throws IOException {
            List<Input> out = new ArrayList<>();
            if (!source.equals("-")) {
                Path p = Path.of(source);
                if (!Files.exists(p)) throw new UserFacingException("no such events file: " + source);
                String all = Files.readString(p, StandardCharsets.UTF_8);
                String trimmed = all.trim();
                if (trimmed.startsWith("{") && trimmed.indexOf('\n') > 0) {
                    try {
                        out.add(new Input(source, event(Json.mapper().readTree(trimmed), null)));
                        return out;
                    } catch (com.fasterxml.jackson.core.JsonProcessingException notOneDocument) {
                        // JSON lines: read line by line below
                    }
                }
            }
            LineFiles.each(List.of(source), "events", (src, n, line) -> {
                if (line.isBlank()) return;
                String where = src + ":" + n;
                if (line.trim().startsWith("{")) {
                    try {
                        out.add(new Input(where, event(Json.mapper().readTree(line), line)));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException bad) {
                        err.printf("error: %s: not a JSON event: %s%n", where, bad.getOriginalMessage());
                    }
                } else {
                    out.add(new Input(where, raw(line)));
                }
            });
            return out;
        }

        private Event event(JsonNode doc, String line) throws com.fasterxml.jackson.core.JsonProcessingException {
            if (EvtxJson.looksLikeEvtx(doc)) return raw(EvtxJson.toFlatJson(EvtxJson.flatten(doc)));
            boolean vigilEvent = doc.has("plugin_id") || doc.has("collector") || doc.has("received") || (doc.has("id") && doc.has("log"));
            if (vigilEvent) {
                Event e = Json.mapper().treeToValue(doc, Event.class);
                if (e.id() == null) e.id(Uuid7.next());
                return e;
            }
            return raw(line != null ? line : doc.toString()); // any other JSON: a JSON log line, as a collector would pass it
        }

        private Event raw(String line) {
            if (normalizer == null) normalizer = PluginsCommand.load(content, true);
            Event e = parser.parse(RawEvent.received("test", "-", 0, line.getBytes(StandardCharsets.UTF_8)));
            normalizer.normalize(e);
            if (e.id() == null) e.id(Uuid7.next());
            return e;
        }
    }

    @Command(name = "hunt", description = {"Runs Sigma rules over a running instance's stored events (a retro-hunt), with progress;",
            "reports matches and raises no alarm unless --raise-alarms."})
    static final class HuntRules implements Callable<Integer> {
        @Mixin InstanceOptions instance;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "RULE", arity = "1..*", description = "Rule files or directories.") List<Path> paths;
        @Option(names = "--since", defaultValue = "30d", description = "How far back: 90m, 24h, 30d (default ${DEFAULT-VALUE}).") String since;
        @Option(names = "--raise-alarms", description = "Raise alarms for what the hunt finds.") boolean raise;
        @Option(names = "--format", defaultValue = "table", description = "table or json (default ${DEFAULT-VALUE}).") String format;

        @Override
        public Integer call() throws Exception {
            checkFormat(format);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ObjectNode body = Json.mapper().createObjectNode().put("since", since).put("raise_alarms", raise);
            ArrayNode rules = body.putArray("rules");
            for (Path p : paths) {
                if (!Files.exists(p)) throw new UserFacingException("no such file or directory: " + p);
                List<Path> files;
                try (Stream<Path> s = Files.isDirectory(p) ? Files.walk(p) : Stream.of(p)) {
                    files = s.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList();
                }
                for (Path f : files) rules.addObject().put("name", f.toString()).put("text", Files.readString(f, StandardCharsets.UTF_8));
            }
            if (rules.isEmpty()) throw new UserFacingException("no .yml rule files in " + paths);
            ApiClient api = instance.client();
            JsonNode started = api.postJson("/api/v1/hunts", body);
            for (JsonNode e : started.path("errors")) err.println("error: " + e.asText());
            err.flush();
            String id = started.path("id").asText();
            JsonNode r;
            boolean tty = System.console() != null && !format.equals("json");
            while (true) {
                r = api.get("/api/v1/hunts/" + id, Map.of());
                String st = r.path("state").asText();
                if (tty) {
                    err.printf("\rhunting: %d of %d events, %d matches   ", r.path("scanned").asLong(), r.path("total").asLong(), r.path("matches").asLong());
                    err.flush();
                }
                if (st.equals("done") || st.equals("failed")) break;
                Thread.sleep(300);
            }
            if (tty) err.println();
            if (format.equals("json")) {
                out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(r));
            } else {
                out.printf("hunt %s over %s .. %s: %d events read (store query: %s), %d matches%n", id, r.path("from").asText(), r.path("to").asText(),
                        r.path("scanned").asLong(), r.path("query").asText(), r.path("matches").asLong());
                for (JsonNode m : r.path("results")) {
                    out.printf("  %-24s %-8s %-70s %s -> %s  %s%n", m.path("time").asText(), m.path("level").asText(), TerminalText.fit(m.path("title").asText(), 70),
                            m.path("src_ip").asText("-"), m.path("dst_ip").asText("-"), m.path("events").size() == 1 ? m.path("events").get(0).asText() : m.path("events").size() + " events");
                }
            }
            out.flush();
            if (r.path("state").asText().equals("failed")) throw new UserFacingException("the hunt failed: " + r.path("error").asText());
            return started.path("errors").isEmpty() ? 0 : 1;
        }
    }
}
