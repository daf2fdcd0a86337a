package io.vigil.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.core.event.Json;
import io.vigil.normalize.ContentLoader;
import io.vigil.normalize.NormalizationEngine;
import io.vigil.normalize.RuleMatch;
import io.vigil.normalize.ossim.LoadError;
import io.vigil.normalize.ossim.OssimPlugin;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The tool plugin authors live in: works on files, with no running instance (except reload). */
@Command(name = "plugins", description = "Lists, tests and reloads OSSIM plugins.",
        subcommands = {PluginsCommand.ListPlugins.class, PluginsCommand.TestPlugin.class, PluginsCommand.Reload.class})
final class PluginsCommand {

    static NormalizationEngine load(List<Path> paths, boolean builtIn) {
        Logging.setLevel("error"); // content errors are printed below; the load log would repeat them
        return ContentLoader.load(new ContentLoader.Options(paths, builtIn, ZoneId.systemDefault(), false, "127.0.0.1", Map.of()),
                new SimpleMeterRegistry());
    }

    static void printErrors(PrintWriter err, List<LoadError> errors) {
        for (LoadError e : errors) err.println("error: " + e);
        err.flush();
    }

    @Command(name = "list", description = "Lists plugins: the default pack and the PATHs given (files or directories).")
    static final class ListPlugins implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "PATH", arity = "0..*") List<Path> paths = new ArrayList<>();
        @Option(names = "--no-builtin", description = "Leave out Vigil's default content pack.") boolean noBuiltIn;

        @Override
        public Integer call() {
            NormalizationEngine e = load(paths, !noBuiltIn);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-10s %-22s %6s %8s %-9s %s%n", "PLUGIN_ID", "NAME", "RULES", "SKIPPED", "STATE", "FILE");
            for (OssimPlugin p : e.plugins()) {
                out.printf("%-10s %-22s %6d %8d %-9s %s%n", p.pluginId() > 0 ? p.pluginId() : "computed", p.name(), p.rules().size(),
                        p.skippedRules(), p.active() ? "active" : "inactive",
                        ContentLoader.isBuiltIn(p.file()) ? "builtin:" + p.file().getFileName() : p.file());
            }
            out.printf("%d plugins, %d rules, %d SID rows, %d errors%n", e.plugins().size(), e.rules(), e.sids().size(), e.errors().size());
            out.flush();
            printErrors(spec.commandLine().getErr(), e.errors());
            return e.errors().isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "test", description = {"Runs one plugin over log lines and shows, for each line, the rule that matched",
            "(or why none did) and the normalized event with OSSIM field names.",
            "PLUGIN is a .cfg file, or the name or plugin_id of a plugin in the default pack or --content."})
    static final class TestPlugin implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "PLUGIN") String plugin;
        @Parameters(index = "1..*", paramLabel = "FILE", description = "Log files, one line per event ('-' or none: standard input).") List<String> files = new ArrayList<>();
        @Option(names = "--content", paramLabel = "PATH", description = "More content (SID tables, aliases.cfg, plugins) to load beside it.") List<Path> content = new ArrayList<>();
        @Option(names = "--format", defaultValue = "table", description = "table or json (one object per line).") String format;
        @Option(names = "--all-rules", description = "In the table, list every rule tried, not only the outcome.") boolean allRules;

        @Override
        public Integer call() throws IOException {
            if (!format.equals("table") && !format.equals("json")) throw new UserFacingException("--format must be table or json");
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path file = Path.of(plugin);
            boolean isFile = plugin.endsWith(".cfg") || Files.isRegularFile(file);
            if (isFile && !Files.isRegularFile(file)) throw new UserFacingException("no such plugin file: " + plugin);
            List<Path> paths = new ArrayList<>(content);
            if (isFile) paths.add(file);
            NormalizationEngine engine = load(paths, true);
            printErrors(err, engine.errors());
            Optional<OssimPlugin> chosen = engine.plugins().stream().filter(p -> isFile
                    ? p.file().toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize())
                    : p.name().equalsIgnoreCase(plugin) || Integer.toString(p.pluginId()).equals(plugin)).findFirst();
            if (chosen.isEmpty()) {
                err.println("error: plugin " + plugin + " did not load (see the errors above), or there is no plugin by that name or id");
                err.flush();
                return 1;
            }
            OssimPlugin p = chosen.get();
            int[] counts = new int[2]; // lines, matched
            LineFiles.each(files, "log", (source, n, line) -> {
                counts[0]++;
                List<NormalizationEngine.TraceEntry> trace = new ArrayList<>();
                Optional<RuleMatch> m = engine.matchPlugin(line, p, trace);
                Map<String, String> fields = m.map(x -> engine.evaluate(x, Instant.now())).orElse(Map.of());
                if (m.isPresent()) counts[1]++;
                if (format.equals("json")) json(out, source, n, line, m, fields, trace);
                else table(out, source, n, line, m, fields, trace);
            });
            if (format.equals("table")) out.printf("%d of %d lines matched %s%n", counts[1], counts[0], p.name());
            out.flush();
            // Rules that did not load are errors of this plugin: the run above used the rest.
            boolean ownErrors = engine.errors().stream().anyMatch(e -> e.file() != null
                    && e.file().toAbsolutePath().normalize().equals(p.file().toAbsolutePath().normalize()));
            return ownErrors ? 1 : 0;
        }

        private void table(PrintWriter out, String source, int n, String line, Optional<RuleMatch> m, Map<String, String> fields,
                           List<NormalizationEngine.TraceEntry> trace) {
            out.printf("%s:%d  %s%n", source, n, TerminalText.fit(line, 150));
            if (allRules || m.isEmpty()) {
                for (var t : trace) if (t.whyNot() != null) out.printf("    [%s] %s%n", t.section(), t.whyNot());
            }
            if (m.isEmpty()) {
                out.println("    no rule matched");
            } else {
                out.printf("    matched [%s]%n", m.get().rule().name());
                fields.forEach((k, v) -> out.printf("    %-12s %s%n", k, TerminalText.safe(v)));
            }
        }

        private static void json(PrintWriter out, String source, int n, String line, Optional<RuleMatch> m, Map<String, String> fields,
                                 List<NormalizationEngine.TraceEntry> trace) throws IOException {
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("source", source).put("line", n).put("input", line);
            o.put("rule", m.map(x -> x.rule().name()).orElse(null));
            o.set("fields", Json.mapper().valueToTree(fields));
            var tried = o.putArray("not_matched");
            for (var t : trace) if (t.whyNot() != null) tried.addObject().put("rule", t.section()).put("why", t.whyNot());
            out.println(Json.mapper().writeValueAsString(o));
        }
    }

    @Command(name = "reload", description = "Reloads the content of a running instance (plugins, SID tables) without losing events.")
    static final class Reload implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin InstanceOptions instance;

        @Override
        public Integer call() throws IOException {
            var r = instance.client().post("/api/v1/content/reload");
            PrintWriter out = spec.commandLine().getOut();
            out.printf("reloaded: %d plugins, %d rules, %d content errors%n", r.path("plugin_count").asInt(), r.path("rule_count").asInt(),
                    r.path("content_errors").asInt());
            r.path("errors").forEach(e -> out.println("error: " + e.asText()));
            out.flush();
            return 0;
        }
    }
}
