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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every regexp of every fixture plugin (after aliases and \_CFG, each line of a multi-line rule
 * on its own), searched in every sample line of the fixture logs, by real Python and by the Java
 * translation: the same lines must match, with the same values in every group, by number and by
 * name; and so the same rule matches first for each plugin and line.
 *
 * <p>Python 3 is used (its differences from the agent's Python 2 are undone by the script, see
 * python_re_reference.py); when a Python 2.7 is found ({@code VIGIL_PYTHON2}, or
 * {@code python2.7}/{@code python2} on the PATH) the comparison also runs against it, unmodified.
 * Skipped, saying so, without the fixtures or without Python.
 */
class PythonComparisonTest {

    private static final int MAX_LINES_PER_FILE = 400;
    private static final ObjectMapper JSON = new ObjectMapper();

    record Subject(OssimPlugin plugin, PluginRule rule, int part, TranslatedRegex regex) {
        String id() {
            return plugin.file().getFileName() + " [" + rule.name() + "]" + (rule.multiLine() ? " line " + (part + 1) : "");
        }
    }

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
        assumeTrue(python != null, "no Python 2.7 (VIGIL_PYTHON2, python2.7, python2): comparison with the agent's"
                + " own Python skipped (the Python 3 comparison covers it)");
        compare(python);
    }

    private void compare(String python) throws Exception {
        Path fx = Fixtures.ossim();
        LoadResult loaded = PluginLoader.load(List.of(fx.resolve("plugins")),
                new AgentAliases(fx.resolve("agent/aliases.cfg")), new AgentConfig(fx.resolve("agent/config.cfg")));
        List<Subject> subjects = new ArrayList<>();
        for (OssimPlugin p : loaded.plugins()) {
            for (PluginRule r : p.rules()) {
                for (int i = 0; i < r.lines().size(); i++) {
                    subjects.add(new Subject(p, r, i, r.lines().get(i).regex()));
                }
            }
        }
        List<String> lines = sampleLines();
        assertThat(lines).hasSizeGreaterThan(1000);

        Path input = tmp.resolve("input.json");
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("patterns", subjects.stream().map(s -> s.regex().python()).toList());
        in.put("lines", lines);
        JSON.writeValue(input.toFile(), in);
        Path script = tmp.resolve("python_re_reference.py");
        try (InputStream s = getClass().getResourceAsStream("python_re_reference.py")) {
            Files.copy(Objects.requireNonNull(s), script);
        }

        Process proc = new ProcessBuilder(python, script.toString(), input.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<Integer, JsonNode> byPattern = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                JsonNode n = JSON.readTree(l);
                byPattern.put(n.get("p").asInt(), n);
            }
        }
        assertThat(proc.waitFor(20, TimeUnit.MINUTES)).as("python finished").isTrue();
        assertThat(proc.exitValue()).as("python exit status").isZero();

        List<String> mismatches = new ArrayList<>();
        long pythonMatches = 0;
        long comparisons = 0;
        // (plugin, line) -> first rule matching per Python / per Java (precheck applied)
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
            Map<Integer, JsonNode> pyMatches = new HashMap<>();
            for (JsonNode m : n.get("m")) {
                pyMatches.put(m.get(0).asInt(), m);
            }
            pythonMatches += pyMatches.size();
            TranslatedRegex rx = s.regex();
            for (int li = 0; li < lines.size(); li++) {
                comparisons++;
                String line = lines.get(li);
                Matcher m = rx.pattern().matcher(line);
                boolean javaFound = m.find();
                JsonNode py = pyMatches.get(li);
                if (javaFound != (py != null)) {
                    mismatches.add(s.id() + ": Python " + (py != null ? "matches" : "does not match")
                            + ", Java " + (javaFound ? "matches" : "does not") + ": " + abbreviate(line));
                    continue;
                }
                if (!javaFound) {
                    continue;
                }
                if (s.part() == 0 && s.rule().precheckPasses(line)) {
                    String key = s.plugin().name() + "\u0000" + li;
                    firstPython.putIfAbsent(key, s.rule().name());
                    firstJava.putIfAbsent(key, s.rule().name());
                }
                JsonNode groups = py.get(1);
                for (int g = 1; g <= rx.pythonGroupCount(); g++) {
                    JsonNode pv = groups.get(g - 1);
                    String expected = pv == null || pv.isNull() ? null : pv.asText();
                    String actual = rx.numbered(m, g);
                    if (!Objects.equals(expected, actual)) {
                        mismatches.add(s.id() + ": group " + g + " Python=" + q(expected) + " Java=" + q(actual)
                                + ": " + abbreviate(line));
                    }
                }
                JsonNode dict = py.get(2);
                for (String name : rx.groupNames()) {
                    JsonNode pv = dict.get(name);
                    String expected = pv == null || pv.isNull() ? null : pv.asText();
                    String actual = rx.named(m, name);
                    if (!Objects.equals(expected, actual)) {
                        mismatches.add(s.id() + ": group " + name + " Python=" + q(expected) + " Java=" + q(actual)
                                + ": " + abbreviate(line));
                    }
                }
                if (dict.size() != rx.groupNames().size()) {
                    mismatches.add(s.id() + ": Python has " + dict.size() + " named groups, Java " + rx.groupNames().size());
                }
            }
        }
        System.out.printf("Python comparison (%s): %d regexps of %d plugins x %d lines = %d searches; %d matches;"
                        + " first rule per plugin decided for %d (plugin, line) pairs; %d mismatches%n",
                python, subjects.size(), loaded.plugins().size(), lines.size(), comparisons, pythonMatches,
                firstPython.size(), mismatches.size());
        assertThat(firstJava).isEqualTo(firstPython);
        assertThat(mismatches.subList(0, Math.min(50, mismatches.size())))
                .as("%d differences between Python and Java (first 50 shown)", mismatches.size())
                .isEmpty();
    }

    private static String q(String s) {
        return s == null ? "None" : "'" + s + "'";
    }

    private static String abbreviate(String line) {
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** Lines of ossim/samples/*.log and of every file listed in logs/INDEX.tsv (up to 400 each). */
    static List<String> sampleLines() throws IOException {
        Set<String> lines = new LinkedHashSet<>();
        Path samples = Fixtures.ossim("samples");
        try (var s = Files.list(samples)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                lines.addAll(Fixtures.lines(f));
            }
        }
        Path logs = Fixtures.path("logs");
        List<String> index = Fixtures.lines(logs.resolve("INDEX.tsv"));
        for (String row : index.subList(1, index.size())) {
            String file = row.split("\t", 2)[0];
            Path f = logs.resolve(file);
            if (Files.isRegularFile(f)) {
                List<String> l = Fixtures.lines(f);
                lines.addAll(l.subList(0, Math.min(l.size(), MAX_LINES_PER_FILE)));
            }
        }
        lines.remove("");
        return new ArrayList<>(lines);
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
}
