package io.vigil.normalize.ossim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.normalize.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every OSSIM plugin of the fixtures loads with every rule. A rule that cannot would have to be
 * listed in {@link #NOT_LOADABLE} with the reason; today the list is empty: all 42 plugins and
 * their 596 rules load, the 40 conditional groups of ossec-single-line.cfg included.
 */
class OssimFixturePluginsTest {

    /** "file [section]" of a fixture rule Vigil cannot load, and why. None today. */
    static final Map<String, String> NOT_LOADABLE = Map.of();

    private static LoadResult load() throws IOException {
        Path fx = Fixtures.ossim();
        return PluginLoader.load(List.of(fx.resolve("plugins")),
                new AgentAliases(fx.resolve("agent/aliases.cfg")), new AgentConfig(fx.resolve("agent/config.cfg")));
    }

    @Test
    void everyPluginLoadsWithEveryRule() throws IOException {
        LoadResult r = load();
        List<Path> files = Fixtures.ossimPluginFiles();
        assertThat(r.plugins()).extracting(p -> p.file().getFileName().toString())
                .containsExactlyElementsOf(files.stream().map(f -> f.getFileName().toString()).toList());
        List<String> unexpected = new ArrayList<>();
        for (LoadError e : r.errors()) {
            String key = e.file().getFileName() + " [" + e.section() + "]";
            if (!NOT_LOADABLE.containsKey(key)) {
                unexpected.add(e.toString());
            }
        }
        assertThat(unexpected).as("rules that do not load and are not listed on purpose").isEmpty();
        int rules = 0;
        for (OssimPlugin p : r.plugins()) {
            assertThat(p.skippedRules()).as(p.name()).isZero();
            assertThat(p.active()).as(p.name()).isTrue();
            // the rules are the sections with a regexp that are not config/translation sections
            assertThat(p.rules()).as(p.name()).hasSize(ruleSectionsByText(p.file()) - (int) expectedFailures(p));
            rules += p.rules().size();
        }
        assertThat(rules).isEqualTo(596);
        System.out.printf("%d fixture plugins, %d rules loaded, %d listed as not loadable%n",
                r.plugins().size(), rules, NOT_LOADABLE.size());
    }

    private static long expectedFailures(OssimPlugin p) {
        return NOT_LOADABLE.keySet().stream().filter(k -> k.startsWith(p.file().getFileName() + " [")).count();
    }

    /** Sections holding a regexp line, counted from the text (not through the loader). */
    private static int ruleSectionsByText(Path file) throws IOException {
        String section = null;
        Set<String> withRegexp = new java.util.HashSet<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("[")) {
                section = line.substring(1, line.indexOf(']'));
            } else if (section != null && line.toLowerCase().startsWith("regexp")) {
                String lower = section.toLowerCase();
                if (!Set.of("config", "info", "translation", "DEFAULT").contains(section) && !lower.startsWith("translation-")) {
                    withRegexp.add(section);
                }
            }
        }
        return withRegexp.size();
    }

    @Test
    void ossecConditionalsAllTranslate() throws IOException {
        OssimPlugin ossec = load().plugin("ossec-single-line.cfg");
        assertThat(ossec.rules()).hasSize(107);
        // conditional groups in the plugin's rules, counted in the text ("\(?(" is an escaped
        // parenthesis followed by a group, not a conditional)
        Pattern cond = Pattern.compile("(?<!\\\\)\\(\\?\\(");
        int inText = 0;
        for (PluginRule r : ossec.rules()) {
            Matcher m = cond.matcher(r.expandedRegexp());
            while (m.find()) {
                inText++;
            }
        }
        int translated = ossec.rules().stream().mapToInt(PluginRule::conditionals).sum();
        assertThat(inText).isEqualTo(40);
        assertThat(translated).isEqualTo(40);
        PluginRule login = ossec.rule("0001 - Physical Root Login");
        assertThat(login.javaGroupNames().get("hostname")).hasSize(2);
        assertThat(login.javaGroupNames().get("agent_name")).hasSize(1);
        assertThat(ossec.excludeSids()).containsExactly("1002");
        assertThat(ossec.table("translation").get("01")).isEqualTo("7001");
        assertThat(ossec.table("avapi-sids").get("5501")).isEqualTo("1005501");
        assertThat(login.field("plugin_id")).isEqualTo("{translate($rule_id)}");
    }

    @Test
    void sshRulesAreSortedAsTheAgentSortsThem() throws IOException {
        OssimPlugin ssh = load().plugin("ssh.cfg");
        List<String> names = ssh.rules().stream().map(PluginRule::name).toList();
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(OssimPlugin.RULE_ORDER);
        assertThat(names).isEqualTo(sorted);
        assertThat(names.get(0)).isEqualTo("0000 - Failed password");
        PluginRule invalid = ssh.rule("0001 - Invalid user");
        assertThat(invalid.field("dst_ip")).isEqualTo("{resolv($dst)}");
        assertThat(invalid.field("dst_port")).isEqualTo("22");
        assertThat(invalid.field("plugin_id")).isEqualTo("4003");
        Matcher m = invalid.pattern().matcher("Jan 12 10:00:01 host1 sshd[123]: Invalid user bob from 10.1.2.3");
        assertThat(m.find()).isTrue();
        assertThat(invalid.groups(m).named("user")).isEqualTo("bob");
    }

    @Test
    void multiLineFixtureRules() throws IOException {
        LoadResult r = load();
        Map<String, Integer> multi = new TreeMap<>();
        for (OssimPlugin p : r.plugins()) {
            long n = p.rules().stream().filter(PluginRule::multiLine).count();
            if (n > 0) {
                multi.put(p.name(), (int) n);
            }
        }
        assertThat(multi).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "modsecurity", 1, "openldap", 2, "snort_syslog", 1, "vyatta", 30)));
    }

    /**
     * The required literals never claim what a match lacks: on every sample line a rule's first
     * line matches, each of its literals is in the (folded) line.
     */
    @Test
    void requiredLiteralsHoldOnEveryFixtureMatch() throws IOException {
        LoadResult r = load();
        PythonComparisonTest.Corpus corpus = PythonComparisonTest.corpus(
                r.plugins().stream().map(OssimPlugin::name).toList());
        List<String> folded = corpus.lines().stream().map(CaseFold::fold).toList();
        long checked = 0;
        long withLiterals = 0;
        long rejectedByLiterals = 0;
        long searches = 0;
        for (OssimPlugin p : r.plugins()) {
            Set<Integer> lines = new java.util.TreeSet<>(corpus.common());
            lines.addAll(corpus.byPlugin().getOrDefault(p.name(), Set.of()));
            for (PluginRule rule : p.rules()) {
                List<String> lits = rule.requiredLiterals();
                if (!lits.isEmpty()) {
                    withLiterals++;
                }
                for (int li : lines) {
                    searches++;
                    boolean pre = CaseFold.containsAll(folded.get(li), lits);
                    Matcher m = rule.pattern().matcher(new PythonComparisonTest.Budget(corpus.lines().get(li),
                            PythonComparisonTest.JAVA_BUDGET));
                    boolean found;
                    try {
                        found = m.find();
                    } catch (PythonComparisonTest.Budget.Exhausted e) {
                        continue;
                    }
                    if (found) {
                        checked++;
                        assertThat(pre).as("%s: literals %s on a matching line: %s", rule, lits,
                                corpus.lines().get(li)).isTrue();
                    } else if (!pre) {
                        rejectedByLiterals++;
                    }
                }
            }
        }
        System.out.printf("required literals: %d of the rules have some; %d matches checked; the literals"
                + " alone rule out %d of %d searches%n", withLiterals, checked, rejectedByLiterals, searches);
        assertThat(checked).isGreaterThan(5_000);
    }
}
