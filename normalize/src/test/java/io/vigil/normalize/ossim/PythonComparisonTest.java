package io.vigil.normalize.ossim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.normalize.Fixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture plugins' regexps run by real Python and by their Java translations on the fixture
 * log lines: the same lines must match, with the same value in every group, by number and by
 * name, so the same rule matches first for each plugin and line.
 *
 * <p>Regexps are taken after aliases and \_CFG are replaced, each line of a multi-line rule on
 * its own. Every regexp is tried on a common set of lines (up to {@value #COMMON_PER_FILE} lines of
 * at most {@value #COMMON_MAX_LENGTH} characters from each log file of ossim/samples and
 * logs/INDEX.tsv); a plugin's regexps are also tried on every line (up to
 * {@value #TARGETED_PER_FILE} per file) of the files INDEX.tsv or ossim/samples attribute to it.
 * A search Python cannot finish within {@value #PYTHON_TIMEOUT_SECONDS}s (catastrophic
 * backtracking, which the agent itself would suffer) is left out and counted.
 *
 * <p>Python 3 is used, with its differences from the agent's Python 2 undone by the script (see
 * python_re_reference.py); a Python 2.7 ({@code VIGIL_PYTHON2}, or {@code python2.7}/{@code python2}
 * on the PATH) is compared as well, unmodified. Skipped, saying so, without the fixtures or Python.
 */
class PythonComparisonTest {

    static final int COMMON_PER_FILE = 25;
    static final int COMMON_MAX_LENGTH = 500;
    static final int TARGETED_PER_FILE = 400;
    static final double PYTHON_TIMEOUT_SECONDS = 2.0;
    /** charAt calls a Java search may make before it is abandoned (a few hundred ms). */
    static final long JAVA_BUDGET = 50_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    record Subject(OssimPlugin plugin, PluginRule rule, int part, TranslatedRegex regex) {
        String id() {
            return plugin.file().getFileName() + " [" + rule.name() + "]"
                    + (rule.multiLine() ? " line " + (part + 1) : "");
        }
    }

    /** The lines to try: all distinct lines, those every regexp sees, and those per plugin name. */
    record Corpus(List<String> lines, Set<Integer> common, Map<String, Set<Integer>> byPlugin) {}

    @TempDir
    Path tmp;

    @Test
    void javaMatchesWhatPython3Matches() throws Exception {
        Fixtures.root();
        String python = findPython(List.of("python3", "python"), 3);
        assumeTrue(python != null, "python3 not found on the PATH: Python comparison skipped");
        compare(python);
    }

    @Test
    void javaMatchesWhatPython2Matches() throws Exception {
        Fixtures.root();
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("VIGIL_PYTHON2");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        candidates.add("python2.7");
        candidates.add("python2");
        String python = findPython(candidates, 2);
        assumeTrue(python != null, "no Python 2.7 (VIGIL_PYTHON2, python2.7, python2): comparison with the"
                + " agent's own Python skipped (the Python 3 comparison covers the same ground)");
        compare(python);
    }

    private void compare(String python) throws Exception {
        Path fx = Fixtures.ossim();
        LoadResult loaded = PluginLoader.load(List.of(fx.resolve("plugins")),
                new AgentAliases(fx.resolve("agent/aliases.cfg")), new AgentConfig(fx.resolve("agent/config.cfg")));
        assertThat(loaded.errors()).isEmpty();
        List<Subject> subjects = new ArrayList<>();
        for (OssimPlugin p : loaded.plugins()) {
            for (PluginRule r : p.rules()) {
                for (int i = 0; i < r.lines().size(); i++) {
                    subjects.add(new Subject(p, r, i, r.lines().get(i).regex()));
                }
            }
        }
        Corpus corpus = corpus(loaded.plugins().stream().map(OssimPlugin::name).toList());
        List<String> lines = corpus.lines();
        List<Set<Integer>> tests = new ArrayList<>();
        for (Subject s : subjects) {
            Set<Integer> t = new TreeSet<>(corpus.common());
            t.addAll(corpus.byPlugin().getOrDefault(s.plugin().name(), Set.of()));
            tests.add(t);
        }

        Map<Integer, JsonNode> byPattern = runPython(python, subjects, corpus, tests);

        List<String> mismatches = new ArrayList<>();
        long searches = 0;
        long matches = 0;
        List<String> pythonTimeouts = new ArrayList<>();
        List<String> javaTimeouts = new ArrayList<>();
        Map<String, String> firstPython = new HashMap<>();
        Map<String, String> firstJava = new HashMap<>();
        for (int pi = 0; pi < subjects.size(); pi++) {
            Subject s = subjects.get(pi);
            JsonNode n = byPattern.get(pi);
            if (n == null) {
                mismatches.add(s.id() + ": no answer from Python");
                continue;
            }
            if (n.has("error")) {
                mismatches.add(s.id() + ": Python rejects it: " + n.get("error").asText());
                continue;
            }
            Map<Integer, JsonNode> py = new HashMap<>();
            for (JsonNode m : n.get("m")) {
                py.put(m.get(0).asInt(), m);
            }
            Set<Integer> skipped = new TreeSet<>();
            for (JsonNode t : n.get("t")) {
                skipped.add(t.asInt());
                pythonTimeouts.add(s.id() + " on line " + t.asInt());
            }
            TranslatedRegex rx = s.regex();
            for (int li : tests.get(pi)) {
                if (skipped.contains(li)) {
                    continue;
                }
                searches++;
                String line = lines.get(li);
                // search(), as the engine calls it: its start-position skipping is checked here too
                Matcher m;
                try {
                    m = rx.search(new Budget(line, JAVA_BUDGET));
                } catch (Budget.Exhausted e) {
                    javaTimeouts.add(s.id() + " on line " + li);
                    continue;
                }
                boolean found = m != null;
                JsonNode pm = py.get(li);
                String key = s.plugin().name() + "\u0000" + li;
                if (pm != null) {
                    matches++;
                    if (s.part() == 0 && s.rule().precheckPasses(line)) {
                        firstPython.putIfAbsent(key, s.rule().name());
                    }
                }
                if (found && s.part() == 0 && s.rule().precheckPasses(line)) {
                    firstJava.putIfAbsent(key, s.rule().name());
                }
                if (found != (pm != null)) {
                    mismatches.add(s.id() + ": Python " + (pm != null ? "matches" : "does not match") + ", Java "
                            + (found ? "matches" : "does not") + ": " + abbreviate(line));
                    continue;
                }
                if (found) {
                    compareGroups(s, rx, m, pm, line, mismatches);
                }
            }
        }
        System.out.printf("Python comparison with %s: %d regexps (%d plugins) on %d distinct lines: %d searches,"
                        + " %d matches, first matching rule compared for %d (plugin, line) pairs;"
                        + " %d searches Python could not finish in %.0fs (left out), %d Java gave up on;"
                        + " %d differences%n",
                python, subjects.size(), loaded.plugins().size(), lines.size(), searches, matches,
                firstPython.size(), pythonTimeouts.size(), PYTHON_TIMEOUT_SECONDS, javaTimeouts.size(),
                mismatches.size());
        pythonTimeouts.stream().limit(20).forEach(t -> System.out.println("  Python timed out: " + t));
        javaTimeouts.stream().limit(20).forEach(t -> System.out.println("  Java gave up: " + t));
        assertThat(mismatches.subList(0, Math.min(50, mismatches.size())))
                .as("%d differences between Python and Java (first 50 shown)", mismatches.size())
                .isEmpty();
        assertThat(javaTimeouts).as("searches Python finished but Java gave up on").isEmpty();
        assertThat(firstJava).isEqualTo(firstPython);
    }

    private static void compareGroups(Subject s, TranslatedRegex rx, Matcher m, JsonNode pm, String line,
            List<String> mismatches) {
        JsonNode groups = pm.get(1);
        if (groups.size() != rx.pythonGroupCount()) {
            mismatches.add(s.id() + ": Python has " + groups.size() + " groups, Java counts " + rx.pythonGroupCount());
            return;
        }
        for (int g = 1; g <= rx.pythonGroupCount(); g++) {
            JsonNode pv = groups.get(g - 1);
            String expected = pv.isNull() ? null : pv.asText();
            String actual = rx.numbered(m, g);
            if (!Objects.equals(expected, actual)) {
                mismatches.add(s.id() + ": group " + g + " Python=" + q(expected) + " Java=" + q(actual) + ": "
                        + abbreviate(line));
            }
        }
        JsonNode dict = pm.get(2);
        if (dict.size() != rx.groupNames().size()) {
            mismatches.add(s.id() + ": Python has " + dict.size() + " named groups, Java " + rx.groupNames().size());
        }
        for (String name : rx.groupNames()) {
            JsonNode pv = dict.get(name);
            String expected = pv == null || pv.isNull() ? null : pv.asText();
            String actual = rx.named(m, name);
            if (!Objects.equals(expected, actual)) {
                mismatches.add(s.id() + ": group " + name + " Python=" + q(expected) + " Java=" + q(actual) + ": "
                        + abbreviate(line));
            }
        }
    }

    /** Runs the reference script, the patterns split over the available processors. */
    private Map<Integer, JsonNode> runPython(String python, List<Subject> subjects, Corpus corpus,
            List<Set<Integer>> tests) throws IOException, InterruptedException {
        Path input = tmp.resolve("input.json");
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("patterns", subjects.stream().map(s -> s.regex().python()).toList());
        in.put("lines", corpus.lines());
        in.put("common", corpus.common());
        List<List<Integer>> extra = new ArrayList<>();
        for (Set<Integer> t : tests) {
            List<Integer> e = new ArrayList<>(t);
            e.removeAll(corpus.common());
            extra.add(e);
        }
        in.put("extra", extra);
        in.put("timeout", PYTHON_TIMEOUT_SECONDS);
        JSON.writeValue(input.toFile(), in);
        Path script = tmp.resolve("python_re_reference.py");
        try (InputStream s = PythonComparisonTest.class.getResourceAsStream("python_re_reference.py")) {
            Files.copy(Objects.requireNonNull(s), script);
        }
        int workers = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        List<Process> procs = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        int n = subjects.size();
        for (int w = 0; w < workers; w++) {
            int first = n * w / workers;
            int end = n * (w + 1) / workers;
            Path out = tmp.resolve("out-" + w + ".jsonl");
            outputs.add(out);
            procs.add(new ProcessBuilder(python, script.toString(), input.toString(), Integer.toString(first),
                    Integer.toString(end)).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        for (Process p : procs) {
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("Python did not finish in 30 minutes");
            }
            assertThat(p.exitValue()).as("python exit status").isZero();
        }
        Map<Integer, JsonNode> byPattern = new HashMap<>();
        for (Path out : outputs) {
            try (BufferedReader r = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
                String l;
                while ((l = r.readLine()) != null) {
                    JsonNode node = JSON.readTree(l);
                    byPattern.put(node.get("p").asInt(), node);
                }
            }
        }
        return byPattern;
    }

    private static String q(String s) {
        return s == null ? "None" : "'" + s + "'";
    }

    private static String abbreviate(String line) {
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** The lines of ossim/samples/*.log and of the files in logs/INDEX.tsv, sorted into sets. */
    static Corpus corpus(List<String> pluginNames) throws IOException {
        List<String> lines = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        Set<Integer> common = new TreeSet<>();
        Map<String, Set<Integer>> byPlugin = new HashMap<>();

        Map<Path, List<String>> files = new LinkedHashMap<>(); // file -> plugins it is attributed to
        Path samples = Fixtures.ossim("samples");
        try (var s = Files.list(samples)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                String stem = f.getFileName().toString().replaceFirst("\\.log$", "");
                files.put(f, pluginNames.contains(stem) ? List.of(stem) : List.of());
            }
        }
        Path logs = Fixtures.path("logs");
        List<String> rows = Fixtures.lines(logs.resolve("INDEX.tsv"));
        for (String row : rows.subList(1, rows.size())) {
            String[] cols = row.split("\t");
            Path f = logs.resolve(cols[0]);
            if (!Files.isRegularFile(f)) {
                continue;
            }
            List<String> plugins = new ArrayList<>();
            if (cols.length > 3) {
                for (String part : cols[3].split("/")) {
                    String name = part.strip().replaceFirst("\\s*\\(.*$", "").strip();
                    if (pluginNames.contains(name)) {
                        plugins.add(name);
                    }
                }
            }
            files.put(f, plugins);
        }
        for (Map.Entry<Path, List<String>> e : files.entrySet()) {
            List<String> fileLines = Fixtures.lines(e.getKey());
            int taken = 0;
            for (int i = 0; i < fileLines.size() && i < TARGETED_PER_FILE; i++) {
                String l = fileLines.get(i);
                if (l.isEmpty()) {
                    continue;
                }
                Integer idx = index.get(l);
                if (idx == null) {
                    idx = lines.size();
                    lines.add(l);
                    index.put(l, idx);
                }
                if (taken < COMMON_PER_FILE && l.length() <= COMMON_MAX_LENGTH) {
                    common.add(idx);
                    taken++;
                }
                for (String p : e.getValue()) {
                    byPlugin.computeIfAbsent(p, k -> new TreeSet<>()).add(idx);
                }
            }
        }
        return new Corpus(lines, common, byPlugin);
    }

    /** The first command that runs and reports the wanted major version, or null. */
    static String findPython(List<String> candidates, int major) {
        for (String c : candidates) {
            try {
                Process p = new ProcessBuilder(c, "-c", "import sys; print(sys.version_info[0])")
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && out.equals(Integer.toString(major))) {
                    return c;
                }
            } catch (IOException | InterruptedException e) {
                // not there
            }
        }
        return null;
    }

    /** A line that stops a runaway search: charAt fails after a budget of calls. */
    static final class Budget implements CharSequence {
        static final class Exhausted extends RuntimeException {
            Exhausted() {
                super(null, null, false, false);
            }
        }

        private final String s;
        private long left;

        Budget(String s, long budget) {
            this.s = s;
            this.left = budget;
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public char charAt(int index) {
            if (--left < 0) {
                throw new Exhausted();
            }
            return s.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return s.substring(start, end);
        }

        @Override
        public String toString() {
            return s;
        }
    }
}
