package io.vigil.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.normalize.ossim.OssimPlugin;
import io.vigil.normalize.ossim.PluginRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The share of the real sshd and sudo sample lines that each rule of {@code ssh.cfg} and
 * {@code sudo.cfg} takes (the first matching rule in the agent's order; lines no rule takes
 * counted apart), by the Java engine and by Python's own {@code re}, which must agree exactly.
 *
 * <p>The samples are every file {@code logs/INDEX.tsv} names for the plugin, without blank lines
 * and {@code #} lines (fail2ban's annotations, OSSEC's OS names). The Python side is a script
 * written here, run with {@code python3}, that does what the agent does from the plugin file on:
 * reads the .cfg as Python 2.7's ConfigParser did ({@code ;} comments, [DEFAULT] inherited,
 * quotes stripped), replaces the aliases of the agent's {@code aliases.cfg} and
 * {@code \_CFG(...)} from its {@code config.cfg}, sorts the sections, and per line tries the
 * precheck (a plain substring) then {@code re.search(regexp, line, re.IGNORECASE)}. Escapes that
 * Python 3 rejects but Python 2 read as the letter ({@code \T}) are turned into the letter first.
 * The two must agree line by line, and so rule by rule. Both tables are printed, so that the
 * numbers show in the test report: shares of all the sample lines, and of the lines the program
 * itself wrote (the files include other programs' lines: auth.log excerpts, OSSEC's mixed
 * logtesting file). Skipped, saying so, without the fixtures or without python3.
 */
class RuleSharesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NO_RULE = "(no rule)";

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}.cfg")
    @ValueSource(strings = {"ssh", "sudo"})
    void javaAndPythonGiveEachRuleTheSameShare(String name) throws Exception {
        Path root = FixtureSamplesTest.fixtures();
        Path pluginFile = root.resolve("ossim/plugins/" + name + ".cfg");
        Path aliases = root.resolve("ossim/agent/aliases.cfg");
        Path config = root.resolve("ossim/agent/config.cfg");
        assumeTrue(Files.isRegularFile(pluginFile), pluginFile + " is missing: test skipped");

        Map<String, Integer> files = new LinkedHashMap<>();
        List<String> lines = samples(root, name, files);
        assertThat(lines).as("sample lines for %s", name).isNotEmpty();

        // Java: the engine, this plugin's rules only (a trace keeps matchPlugin inside the plugin).
        NormalizationEngine engine = ContentLoader.load(new ContentLoader.Options(List.of(pluginFile, aliases, config),
                false, ZoneOffset.UTC, false, "10.0.0.1", Map.of()), new SimpleMeterRegistry());
        assertThat(engine.errors()).as("load errors").isEmpty();
        OssimPlugin plugin = engine.plugins().get(0);
        List<String> javaRule = new ArrayList<>();
        for (String line : lines) {
            Optional<RuleMatch> m = engine.matchPlugin(line, plugin, new ArrayList<>());
            javaRule.add(m.map(x -> x.rule().name()).orElse(NO_RULE));
        }
        List<String> ruleNames = new ArrayList<>(plugin.rules().stream().map(PluginRule::name).toList());

        // Python: the same lines, the plugin file read by the script.
        String python = python3();
        assumeTrue(python != null, "python3 not found on the PATH: Python comparison skipped");
        Path script = tmp.resolve("rule_shares.py");
        Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
        Path input = tmp.resolve(name + ".lines");
        Files.writeString(input, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        JsonNode out = run(python, script.toString(), aliases.toString(), config.toString(), input.toString(), pluginFile.toString())
                .path(name);
        assertThat(out.path("skipped").size()).as("rules the script could not run: %s", out.path("skipped")).isZero();
        assertThat(out.path("lines").asInt()).isEqualTo(lines.size());
        List<String> pyNames = new ArrayList<>();
        for (JsonNode r : out.path("rules")) pyNames.add(r.asText());
        List<String> pyRule = new ArrayList<>();
        for (JsonNode i : out.path("matches")) pyRule.add(i.asInt() < 0 ? NO_RULE : pyNames.get(i.asInt()));
        Map<String, Integer> pyCounts = new LinkedHashMap<>();
        for (String r : pyNames) pyCounts.put(r, out.path("counts").path(r).asInt());
        pyCounts.put(NO_RULE, out.path("unmatched").asInt());

        ruleNames.add(NO_RULE);
        Pattern program = Pattern.compile("\\b" + PROGRAM.get(name) + "\\b");
        List<Integer> own = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) if (program.matcher(lines.get(i)).find()) own.add(i);
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "%n%s.cfg: %d sample lines from %d files (logs/INDEX.tsv), %d of them written by %s%n",
                name, lines.size(), files.size(), own.size(), PROGRAM.get(name)));
        files.forEach((f, n) -> report.append(String.format(Locale.ROOT, "  %5d  %s%n", n, f)));
        report.append(table(ruleNames, javaRule, pyRule, own, lines.size()));
        System.out.println(report);

        assertThat(pyNames).as("rules in the agent's order").isEqualTo(ruleNames.subList(0, ruleNames.size() - 1));
        assertThat(counts(ruleNames, javaRule)).as("lines per rule, Java vs Python").isEqualTo(pyCounts);
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!javaRule.get(i).equals(pyRule.get(i))) {
                differences.add("Java [" + javaRule.get(i) + "], Python [" + pyRule.get(i) + "]: " + lines.get(i));
            }
        }
        assertThat(differences).as("lines Java and Python give to different rules").isEmpty();
    }

    /** The program that writes the plugin's lines (a word of the line). */
    private static final Map<String, String> PROGRAM = Map.of("ssh", "sshd", "sudo", "sudo");

    private static Map<String, Integer> counts(List<String> ruleNames, List<String> perLine) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String r : ruleNames) out.put(r, 0);
        for (String r : perLine) out.merge(r, 1, Integer::sum);
        return out;
    }

    /** The lines of every file INDEX.tsv names for the plugin, without blank and '#' lines. */
    private static List<String> samples(Path root, String plugin, Map<String, Integer> files) {
        Path index = root.resolve("logs/INDEX.tsv");
        assumeTrue(Files.isRegularFile(index), index + " is missing: test skipped");
        List<String> rows = Fixtures.lines(index);
        List<String> out = new ArrayList<>();
        Pattern split = Pattern.compile("[\\s/(),;]+");
        for (String row : rows.subList(1, rows.size())) {
            String[] cols = row.split("\t");
            if (cols.length < 4 || !List.of(split.split(cols[3])).contains(plugin)) continue;
            int n = 0;
            for (String line : Fixtures.lines(root.resolve("logs").resolve(cols[0]))) {
                if (line.isBlank() || line.startsWith("#")) continue;
                out.add(line);
                n++;
            }
            files.put(cols[0], n);
        }
        return out;
    }

    /** Per rule: lines and share of all lines, then of the program's own lines, by Java and by Python. */
    private static String table(List<String> ruleNames, List<String> java, List<String> py, List<Integer> own, int total) {
        List<String> javaOwn = own.stream().map(java::get).toList();
        List<String> pyOwn = own.stream().map(py::get).toList();
        Map<String, Integer> j = counts(ruleNames, java), p = counts(ruleNames, py), jo = counts(ruleNames, javaOwn),
                po = counts(ruleNames, pyOwn);
        StringBuilder b = new StringBuilder();
        b.append("| rule | Java: lines | share | Python re: lines | share | of the program's lines: Java | Python re |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (String rule : ruleNames) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %s | %d | %s | %s | %s |%n", rule.strip(), j.get(rule),
                    percent(j.get(rule), total), p.get(rule), percent(p.get(rule), total), percent(jo.get(rule), own.size()),
                    percent(po.get(rule), own.size())));
        }
        b.append(String.format(Locale.ROOT, "| all | %d | 100 %% | %d | 100 %% | %d lines | %d lines |%n", total, total,
                own.size(), own.size()));
        return b.toString();
    }

    private static String percent(int n, int of) {
        return of == 0 ? "-" : String.format(Locale.ROOT, "%.1f %%", 100.0 * n / of);
    }

    private static String python3() {
        for (String candidate : List.of("python3", "python")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import sys; print(sys.version_info[0])").redirectErrorStream(true).start();
                String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && v.equals("3")) return candidate;
            } catch (IOException e) {
                // not on the PATH: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private static JsonNode run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] stdout = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("python finished").isTrue();
        assertThat(p.exitValue()).as("python exit status").isZero();
        return JSON.readTree(stdout);
    }

    /** The Python 3 script (see the class comment); written to a temporary file when the test runs. */
    static final String SCRIPT = """
            # Per-rule match counts of OSSIM agent plugins over sample lines, computed the way the agent
            # (os-sim/agent/src, Python 2) does it, with Python's own re module:
            #   Config.py Plugin.rules() / replace_aliases() / replace_config(), ParserLog.py RuleMatch.
            # Usage: python3 rule_shares.py ALIASES_CFG CONFIG_CFG LINES_FILE PLUGIN_CFG...
            # Prints one JSON object: {plugin: {"rules": [names in the agent's order], "counts": {name: n},
            # "unmatched": n, "lines": n, "matches": [per line, the index in "rules" of the rule that takes it,
            # or -1], "skipped": {name: reason}}}.
            import json
            import re
            import sys

            BS = chr(92)  # a backslash, spelled out so that this script needs no escaping where it is embedded


            def read_ini(path):
                '''A .cfg file as Python 2.7's ConfigParser (which the agent subclasses) reads it.

                Python 3's configparser is not used as is because it reads differently: it treats an
                indented '#' line as a comment (Python 2 only looks at the first column), cuts inline
                comments at any ' ;' (Python 2 only at the first ';', and only when whitespace precedes
                it), and rejects duplicate sections (Python 2 merges them). The agent's own OPTCRE is
                used for option lines (names may hold ':'). Files are read as latin-1, as the agent does.
                Returns (defaults, {section: {option: raw value}}, [section names in file order]).'''
                optcre = re.compile(r'(?P<option>[^:=\\s][^=]*)\\s*(?P<vi>[:=])\\s*(?P<value>.*)$')
                sectcre = re.compile(r'\\[(?P<header>[^]]+)\\]')
                defaults, sections, order = {}, {}, []
                cur, optname = None, None
                with open(path, encoding='latin-1', newline=None) as f:
                    for line in f:
                        line = line.rstrip('\\n')
                        if line.strip() == '' or line[0] in '#;':
                            continue
                        if line.split(None, 1)[0].lower() == 'rem' and line[0] in 'rR':
                            continue
                        if line[0].isspace() and cur is not None and optname:
                            value = line.strip()
                            if value:
                                cur[optname] = cur[optname] + '\\n' + value
                            continue
                        mo = sectcre.match(line)
                        if mo:
                            name = mo.group('header')
                            if name == 'DEFAULT':
                                cur = defaults
                            else:
                                if name not in sections:
                                    sections[name] = {}
                                    order.append(name)
                                cur = sections[name]
                            optname = None
                            continue
                        mo = optcre.match(line)
                        if mo and cur is not None:
                            optname, vi, optval = mo.group('option', 'vi', 'value')
                            optname = optname.rstrip().lower()
                            if vi in ('=', ':') and ';' in optval:
                                pos = optval.find(';')
                                if pos != -1 and optval[pos - 1].isspace():
                                    optval = optval[:pos]
                            optval = optval.strip()
                            if optval == '""':
                                optval = ''
                            cur[optname] = optval
                return defaults, sections, order


            class Conf:
                '''ConfigParser.get() as the agent's Conf.get(): DEFAULT values inherited, '%(name)s'
                interpolated, then surrounding double and single quotes stripped; '' when missing.'''
                keycre = re.compile(r'%\\(([^)]*)\\)s|.')

                def __init__(self, path):
                    self.defaults, self.sections, self.order = read_ini(path)

                def has_option(self, section, option):
                    option = option.lower()
                    if section == 'DEFAULT':
                        return option in self.defaults
                    return section in self.sections and (option in self.sections[section] or option in self.defaults)

                def raw(self, section, option):
                    option = option.lower()
                    if section != 'DEFAULT' and option in self.sections.get(section, {}):
                        return self.sections[section][option]
                    return self.defaults.get(option)

                def items(self, section):
                    merged = dict(self.defaults)
                    merged.update(self.sections.get(section, {}))
                    return merged

                def get(self, section, option):
                    value = self.raw(section, option)
                    if value is None:
                        return ''
                    variables = self.items(section)
                    for _ in range(10):  # ConfigParser.MAX_INTERPOLATION_DEPTH
                        if '%(' not in value:
                            break
                        value = re.sub(r'%\\(([^)]*)\\)s', lambda m: '%(' + m.group(1).lower() + ')s', value)
                        try:
                            value = value % variables
                        except (KeyError, ValueError, TypeError):
                            break
                    return value.strip('"').strip("'")

                def set(self, section, option, value):
                    (self.defaults if section == 'DEFAULT' else self.sections[section])[option.lower()] = value


            NOT_RULES = ['config', 'info', 'translation']


            def rules(plugin):
                '''Plugin.rules(): sections in sorted order, without [config], [info], [translation] and
                [translation-*], and, for a 'log' plugin, without those whose regexp is empty.'''
                out = []
                for section in sorted(plugin.sections):
                    regexp = plugin.get(section, 'regexp')
                    if plugin.get('config', 'source') == 'log' and regexp == '':
                        continue
                    if re.match(r'translation-\\S+', section.lower()) and section.lower() not in NOT_RULES:
                        NOT_RULES.append(section.lower())
                    if section.lower() not in NOT_RULES:
                        out.append(section)
                return out


            def replace_aliases(plugin, aliases):
                '''Plugin.replace_aliases(): every backslash + 2 or more word characters in a rule's regexp
                that names an option of [regexp] in aliases.cfg (case-insensitively) is replaced by it.'''
                for section in rules(plugin):
                    regexp = plugin.get(section, 'regexp')
                    for found in re.findall(BS + BS + r'\\w\\w+', regexp):
                        name = found[1:]
                        if aliases.has_option('regexp', name):
                            regexp = regexp.replace(found, aliases.get('regexp', name))
                            plugin.set(section, 'regexp', regexp)


            def replace_config(plugin, config):
                '''Plugin.replace_config(): \\\\_CFG(section,option) replaced by config.cfg's value in every
                option of every section (DEFAULT values included, as the agent's options() lists them).'''
                cfg = re.compile('(' + BS + BS + r'_CFG\\(([\\w-]+),([\\w-]+)\\))')
                for section in sorted(plugin.sections):
                    for option in list(plugin.items(section)):
                        value = plugin.get(section, option)
                        for whole, a, b in cfg.findall(value):
                            if config.has_option(a, b):
                                value = value.replace(whole, config.get(a, b))
                                plugin.set(section, option, value)


            # Escapes Python 3's re knows; any other backslash + ASCII letter is an error there, while
            # Python 2's re (the agent's) reads it as the letter itself: '\\T' is 'T', '\\P' is 'P'. Inside a
            # class Python 2 also takes '\\A', '\\Z', '\\B' as letters. Python 3 also reads '\\u', '\\U' and
            # '\\N' as unicode escapes, which Python 2's re did not know (letters there too).
            KNOWN_OUTSIDE = set('abfnrtvxAbBdDsSwWZ')
            KNOWN_IN_CLASS = set('abfnrtvxdDsSwW')


            def python2_escapes(regexp):
                out, i, in_class = [], 0, False
                while i < len(regexp):
                    c = regexp[i]
                    if c == BS and i + 1 < len(regexp):
                        n = regexp[i + 1]
                        known = KNOWN_IN_CLASS if in_class else KNOWN_OUTSIDE
                        if n.isascii() and n.isalpha() and n not in known:
                            out.append(n)  # a letter Python 2 takes literally
                        else:
                            out.append(c + n)
                        i += 2
                        continue
                    if in_class:
                        if c == ']' and not (out and out[-1] == '[') and not (len(out) >= 2 and out[-1] == '^' and out[-2] == '['):
                            in_class = False
                    elif c == '[':
                        in_class = True
                    out.append(c)
                    i += 1
                text = ''.join(out)
                # Python 2 accepted global flags such as (?i) anywhere; Python 3.11 only at the start.
                flags = re.findall(r'\\(\\?([aiLmsux]+)\\)', text)
                if flags and not text.startswith('(?'):
                    text = '(?' + ''.join(flags) + ')' + re.sub(r'\\(\\?[aiLmsux]+\\)', '', text)
                return text


            def load(path, aliases, config):
                plugin = Conf(path)
                replace_aliases(plugin, aliases)
                replace_config(plugin, config)
                compiled, skipped = [], {}
                for section in rules(plugin):
                    regexp = plugin.get(section, 'regexp')
                    if (BS + 'n') in regexp:
                        skipped[section] = 'multi-line rule'
                        continue
                    try:
                        pattern = re.compile(python2_escapes(regexp), re.IGNORECASE | re.UNICODE)
                    except re.error as e:
                        skipped[section] = 'does not compile: %s' % e
                        continue
                    compiled.append((section, plugin.get(section, 'precheck'), pattern))
                return compiled, skipped


            def main():
                aliases, config = Conf(sys.argv[1]), Conf(sys.argv[2])
                with open(sys.argv[3], encoding='utf-8') as f:
                    lines = f.read().split('\\n')
                if lines and lines[-1] == '':
                    lines.pop()
                result = {}
                for path in sys.argv[4:]:
                    name = path.replace(BS, '/').rsplit('/', 1)[-1][:-len('.cfg')]
                    compiled, skipped = load(path, aliases, config)
                    counts = dict((section, 0) for section, _, _ in compiled)
                    unmatched, matches = 0, []
                    for line in lines:
                        for i, (section, precheck, pattern) in enumerate(compiled):
                            # RuleMatch.feed(): the precheck is a plain, case-sensitive find, then search().
                            if line.find(precheck) != -1 and pattern.search(line):
                                counts[section] += 1
                                matches.append(i)
                                break
                        else:
                            unmatched += 1
                            matches.append(-1)
                    result[name] = {'rules': [s for s, _, _ in compiled], 'counts': counts, 'unmatched': unmatched,
                                    'lines': len(lines), 'matches': matches, 'skipped': skipped}
                print(json.dumps(result))


            main()
            """;
}
