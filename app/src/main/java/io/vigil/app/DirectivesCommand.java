package io.vigil.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.event.Event;
import io.vigil.core.event.Json;
import io.vigil.core.event.RawEvent;
import io.vigil.core.event.Uuid7;
import io.vigil.correlate.directive.ContentError;
import io.vigil.correlate.directive.Directive;
import io.vigil.correlate.directive.DirectiveContent;
import io.vigil.correlate.directive.DirectiveLoader;
import io.vigil.correlate.directive.Networks;
import io.vigil.correlate.directive.Rule;
import io.vigil.correlate.engine.Alarm;
import io.vigil.correlate.engine.AssetValues;
import io.vigil.correlate.engine.DirectiveEngine;
import io.vigil.correlate.engine.Risk;
import io.vigil.correlate.engine.Trace;
import io.vigil.normalize.NormalizationEngine;
import io.vigil.syslog.SyslogParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The tool directive authors live in: works on files, with no running instance. */
@Command(name = "directives", description = "Lists and tests OSSIM correlation directives.",
        subcommands = {DirectivesCommand.ListDirectives.class, DirectivesCommand.TestDirectives.class})
final class DirectivesCommand {

    static DirectiveLoader.Result load(List<Path> paths, PrintWriter err) throws IOException {
        Logging.setLevel("error"); // content errors are printed here; the load log would repeat them
        for (Path p : paths) if (!Files.exists(p)) throw new UserFacingException("no such file or directory: " + p);
        DirectiveLoader.Result r = DirectiveContent.load(paths);
        for (ContentError e : r.errors()) err.println("error: " + e);
        for (ContentError w : r.warnings()) err.println("warning: " + w);
        err.flush();
        return r;
    }

    @Command(name = "list", description = "Lists directives: Vigil's default ones and those in the PATHs given (files or directories).")
    static final class ListDirectives implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "PATH", arity = "0..*") List<Path> paths = new ArrayList<>();
        @Option(names = "--format", defaultValue = "table", description = "table or json (default ${DEFAULT-VALUE}).") String format;

        @Override
        public Integer call() throws IOException {
            if (!format.equals("table") && !format.equals("json")) throw new UserFacingException("--format must be table or json");
            PrintWriter out = spec.commandLine().getOut();
            DirectiveLoader.Result r = load(paths, spec.commandLine().getErr());
            if (format.equals("json")) {
                var arr = Json.mapper().createArrayNode();
                for (Directive d : r.directives()) {
                    arr.addObject().put("id", d.id()).put("name", d.name()).put("priority", d.priority()).put("rules", d.rules())
                            .put("levels", d.root().depth()).put("monitor_rules", d.root().monitors()).put("file", d.file().toString()).put("line", d.line());
                }
                out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(arr));
            } else {
                out.printf("%-8s %-4s %-6s %-7s %-9s %-60s %s%n", "ID", "PRIO", "RULES", "LEVELS", "STATE", "NAME", "FILE");
                for (Directive d : r.directives()) {
                    out.printf("%-8d %-4d %-6d %-7d %-9s %-60s %s:%d%n", d.id(), d.priority(), d.rules(), d.root().depth(),
                            d.hasMonitorRules() ? "monitor*" : "active", TerminalText.fit(d.name(), 60), d.file().getFileName(), d.line());
                }
                out.printf("%d directives, %d rules, %d errors, %d warnings%s%n", r.directives().size(), r.rules(), r.errors().size(),
                        r.warnings().size(), r.directives().stream().anyMatch(Directive::hasMonitorRules)
                                ? " (monitor*: has monitor rules, inactive until a monitor source exists)" : "");
            }
            out.flush();
            return r.errors().isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "test", description = {"Runs directives over events and shows which backlogs open, which level each reaches,",
            "and why a rule did not take an event. EVENTS are files of JSON events (one per line, as the API",
            "gives them) or raw log lines (normalized by the default pack and --content plugins first); '-' or none: standard input."})
    static final class TestDirectives implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DIRECTIVES", description = "A directive file or directory.") Path directives;
        @Parameters(index = "1..*", paramLabel = "EVENTS") List<String> files = new ArrayList<>();
        @Option(names = "--content", paramLabel = "PATH", description = "Plugins and SID tables (with the taxonomy's SQL) to normalize raw lines with and to match product/category/subcategory rules.") List<Path> content = new ArrayList<>();
        @Option(names = "--directive", paramLabel = "ID", description = "Only this directive.") Integer only;
        @Option(names = "--format", defaultValue = "table", description = "table or json (one object per step).") String format;

        @Override
        public Integer call() throws IOException {
            if (!format.equals("table") && !format.equals("json")) throw new UserFacingException("--format must be table or json");
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            DirectiveLoader.Result r = load(List.of(directives), err);
            List<Directive> chosen = r.directives().stream().filter(d -> only == null || d.id() == only).toList();
            if (chosen.isEmpty()) throw new UserFacingException(only != null ? "no directive " + only + " in " + directives : "no directives in " + directives);
            List<Alarm> alarms = new ArrayList<>();
            NormalizationEngine[] normalizer = new NormalizationEngine[1]; // loaded on first need: a raw line, a taxonomy rule
            java.util.function.Supplier<NormalizationEngine> normalization = () -> {
                if (normalizer[0] == null) normalizer[0] = PluginsCommand.load(content, true);
                return normalizer[0];
            };
            DirectiveEngine engine = new DirectiveEngine(chosen, Networks.PRIVATE_HOME_NET, AssetValues.NONE,
                    new SidTaxonomy(() -> normalization.get().sids()), DirectiveEngine.Limits.DEFAULT,
                    new DirectiveEngine.Sink() {
                        @Override
                        public void directiveEvent(Event event) { }

                        @Override
                        public void alarm(Alarm alarm) {
                            alarms.add(alarm);
                        }
                    });
            Steps steps = new Steps(out, format.equals("json"));
            engine.trace(steps);
            SyslogParser parser = new SyslogParser(ZoneId.systemDefault());
            int[] events = new int[1];
            LineFiles.each(files, "events", (source, n, line) -> {
                if (line.isBlank()) return;
                Event e;
                if (line.trim().startsWith("{")) {
                    try {
                        e = Json.mapper().readValue(line, Event.class);
                    } catch (com.fasterxml.jackson.core.JsonProcessingException bad) {
                        err.printf("error: %s:%d: not a JSON event: %s%n", source, n, bad.getOriginalMessage());
                        return;
                    }
                } else {
                    e = parser.parse(RawEvent.received("test", "-", 0, line.getBytes(StandardCharsets.UTF_8)));
                    normalization.get().normalize(e);
                }
                if (e.id() == null) e.id(Uuid7.next());
                events[0]++;
                steps.event(source, n, e);
                engine.process(e);
            });
            if (!format.equals("json")) {
                out.printf("%d events, %d backlogs opened, %d levels reached, %d alarm updates%n", events[0], engine.stats().opened,
                        engine.stats().levelsReached, alarms.size());
            }
            out.flush();
            err.flush();
            return r.errors().isEmpty() ? 0 : 1;
        }
    }

    /** Prints the engine's steps, under the event that caused them. */
    static final class Steps implements Trace {
        private final PrintWriter out;
        private final boolean json;
        private String where;

        Steps(PrintWriter out, boolean json) {
            this.out = out;
            this.json = json;
        }

        void event(String source, int n, Event e) {
            where = source + ":" + n;
            if (!json) {
                out.printf("%s  plugin %s/%s %s -> %s  %s%n", where, e.pluginId(), e.pluginSid(), TerminalText.fit(String.valueOf(e.srcIp()), 40),
                        TerminalText.fit(String.valueOf(e.dstIp()), 40), TerminalText.fit(e.message() != null ? e.message() : e.log() != null ? e.log() : "", 80));
            }
        }

        private void step(String kind, UUID backlog, Directive d, Rule rule, String text) {
            if (json) {
                ObjectNode o = Json.mapper().createObjectNode();
                o.put("event", where).put("step", kind).put("directive", d.id()).put("backlog", backlog == null ? null : backlog.toString())
                        .put("level", rule.level()).put("rule", rule.name()).put("detail", text);
                try {
                    out.println(Json.mapper().writeValueAsString(o));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            } else {
                out.printf("    %-8s %d %s [level %d: %s]%s%n", kind, d.id(), backlog == null ? "" : "backlog " + backlog.toString().substring(28), // the random end: ids of one millisecond share their start
                        rule.level(), TerminalText.fit(rule.name(), 60), text == null ? "" : ": " + TerminalText.fit(text, 160));
            }
        }

        @Override
        public void opened(UUID backlog, Directive d, Event e) {
            step("opened", backlog, d, d.root(), TerminalText.fit(d.name(), 80));
        }

        @Override
        public void counted(UUID backlog, Directive d, Rule rule, int count, Event e) {
            step("counted", backlog, d, rule, count + " of " + rule.occurrence());
        }

        @Override
        public void reached(UUID backlog, Directive d, Rule rule, int level, int reliability, Risk risk, Event e) {
            step("reached", backlog, d, rule, "reliability " + reliability + ", risk " + risk.value() + " (compromise " + risk.compromise()
                    + ", attack " + risk.attack() + ")" + (risk.alarming() ? ": ALARM" : ""));
        }

        @Override
        public void missed(UUID backlog, Directive d, Rule rule, String why, Event e) {
            step("missed", backlog, d, rule, why);
        }
    }
}
