package io.vigil.normalize.ossim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins written here, loaded as the agent loads them. */
class PluginLoaderTest {

    @TempDir
    Path dir;

    private static final String SSH_LIKE = """
            # a plugin written for this test
            [DEFAULT]
            plugin_id=4003
            dst_ip=\\_CFG(plugin-defaults,sensor)
            dst_port=22

            [config]
            type=detector
            enable=yes
            source=log
            location=/var/log/%(process)s.log
            process=sshd
            exclude_sids=2,5-7

            [translation]
            Accepted=1
            _DEFAULT_=99

            [ZZZZ - catch all]
            event_type=event
            regexp=sshd\\[\\d+\\]: (?P<msg>.*)
            plugin_sid=9999

            [0001 - Invalid user]
            event_type=event
            precheck="Invalid user"
            regexp="(?P<date>\\SYSLOG_DATE)\\s+(?P<dst>\\S+) sshd\\[\\d+\\]: Invalid user (?P<user>\\S+) from (?P<src>\\IPV4)"
            plugin_sid=3
            src_ip={$src}
            username={$user} ; the user
            userdata1=%(dst_port)s

            [0000 - Failed password]
            event_type=event
            regexp=sshd\\[\\d+\\]: Failed password for (?P<user>\\S+)
            plugin_sid=1
            dst_port=2222

            [zzzz - lowercase sorts last]
            event_type=event
            regexp=zzz
            plugin_sid=8

            [9999 - digits sort first]
            event_type=event
            regexp=nnn
            plugin_sid=7
            """;

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private static AgentConfig config() {
        return AgentConfig.builtIn("192.0.2.10");
    }

    @Test
    void loadsRulesInTheAgentsOrderWithInheritedFields() throws IOException {
        Path f = write("ssh-like.cfg", SSH_LIKE);
        LoadResult r = PluginLoader.load(List.of(f), AgentAliases.builtIn(), config());
        assertThat(r.errors()).isEmpty();
        OssimPlugin p = r.plugins().get(0);
        assertThat(p.name()).isEqualTo("ssh-like");
        assertThat(p.pluginId()).isEqualTo(4003);
        assertThat(p.active()).isTrue();
        assertThat(p.process()).isEqualTo("sshd");
        assertThat(p.location()).isEqualTo("/var/log/sshd.log");
        assertThat(p.excludeSids()).containsExactly("2", "5", "6", "7");
        // Python sorts section names by code point: digits, upper case, lower case
        assertThat(p.rules()).extracting(PluginRule::name).containsExactly(
                "0000 - Failed password", "0001 - Invalid user", "9999 - digits sort first",
                "ZZZZ - catch all", "zzzz - lowercase sorts last");

        PluginRule invalid = p.rule("0001 - Invalid user");
        assertThat(invalid.precheck()).isEqualTo("Invalid user");
        assertThat(invalid.eventType()).isEqualTo("event");
        assertThat(invalid.regexp()).startsWith("(?P<date>\\SYSLOG_DATE)");
        assertThat(invalid.expandedRegexp()).contains("\\w{3}\\s+\\d{1,2}").doesNotContain("\\IPV4");
        // fields: own, then DEFAULT's; \_CFG replaced; inline comment gone; rules are read raw
        assertThat(invalid.fields()).containsExactly(
                Map.entry("plugin_sid", "3"), Map.entry("src_ip", "{$src}"), Map.entry("username", "{$user}"),
                Map.entry("userdata1", "%(dst_port)s"), Map.entry("plugin_id", "4003"),
                Map.entry("dst_ip", "192.0.2.10"), Map.entry("dst_port", "22"));
        assertThat(invalid.fieldLines().get("plugin_id")).isEqualTo(3);
        assertThat(invalid.regexpLine()).isEqualTo(27);
        assertThat(invalid.line()).isEqualTo(24);
        assertThat(p.rule("0000 - Failed password").field("dst_port")).isEqualTo("2222");
        assertThat(invalid.multiLine()).isFalse();
        assertThat(invalid.requiredLiterals()).contains(" sshd[", "]: invalid user ", " from ");

        String line = "Jan 12 10:00:01 host1 sshd[123]: Invalid user bob from 10.1.2.3";
        assertThat(invalid.precheckPasses(line)).isTrue();
        assertThat(invalid.precheckPasses(line.toLowerCase())).isFalse();
        Matcher m = invalid.pattern().matcher(line);
        assertThat(m.find()).isTrue();
        GroupValues g = invalid.groups(m);
        assertThat(g.named("user")).isEqualTo("bob");
        assertThat(g.named("src")).isEqualTo("10.1.2.3");
        assertThat(g.named("dst")).isEqualTo("host1");

        // translation tables: keys case-insensitive, DEFAULT included, _DEFAULT_ a key
        Map<String, String> t = p.table("translation");
        assertThat(t.get("accepted")).isEqualTo("1");
        assertThat(t.get("ACCEPTED")).isEqualTo("1");
        assertThat(t.get("_DEFAULT_")).isEqualTo("99");
        assertThat(t.get("plugin_id")).isEqualTo("4003");
        assertThat(p.table("Translation")).isSameAs(t);
        assertThat(p.table("nosuch")).isNull();
    }

    @Test
    void aBrokenRuleIsSkippedAlone() throws IOException {
        Path f = write("broken-rule.cfg", """
                [DEFAULT]
                plugin_id=9001
                [config]
                type=detector
                enable=true
                source=log
                [0001 - fine]
                event_type=event
                regexp=fine (?P<x>\\d+)
                plugin_sid=1
                [0002 - unbalanced]
                event_type=event
                regexp=broken (?P<x>\\d+
                plugin_sid=2
                [0003 - no regexp]
                event_type=event
                plugin_sid=3
                """);
        List<LoadError> errors = new ArrayList<>();
        OssimPlugin p = PluginLoader.loadFile(f, AgentAliases.builtIn(), config(), errors);
        assertThat(p).isNotNull();
        assertThat(p.rules()).extracting(PluginRule::name).containsExactly("0001 - fine");
        assertThat(p.skippedRules()).isEqualTo(1);
        assertThat(errors).extracting(Object::toString).satisfiesExactlyInAnyOrder(
                e -> assertThat(e).startsWith("broken-rule.cfg:13 [0002 - unbalanced]: invalid Python regexp: "
                        + "unbalanced parenthesis"),
                e -> assertThat(e).startsWith("broken-rule.cfg:15 [0003 - no regexp]: "));
    }

    @Test
    void aBrokenPluginDoesNotStopTheOthers() throws IOException {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        Files.writeString(plugins.resolve("a-bad-line.cfg"), """
                [DEFAULT]
                plugin_id=1
                [config]
                type=detector
                enable=yes
                source=log
                this is not an option
                """);
        Files.writeString(plugins.resolve("b-no-config.cfg"), "[DEFAULT]\nplugin_id=2\n[rule]\nregexp=x\n");
        Files.writeString(plugins.resolve("c-bad-id.cfg"), """
                [DEFAULT]
                plugin_id=abc
                [config]
                type=detector
                enable=yes
                source=log
                """);
        Files.writeString(plugins.resolve("d-missing-source.cfg"), """
                [DEFAULT]
                plugin_id=4
                [config]
                type=detector
                enable=yes
                """);
        Files.writeString(plugins.resolve("e-good.cfg"), SSH_LIKE);
        Files.writeString(plugins.resolve("not-a-plugin.txt"), "ignored");
        LoadResult r = PluginLoader.load(List.of(plugins, dir.resolve("nosuch.cfg")), AgentAliases.builtIn(), config());
        assertThat(r.plugins()).extracting(OssimPlugin::name).containsExactly("e-good");
        assertThat(r.errors()).extracting(Object::toString).containsExactly(
                "a-bad-line.cfg:7 [config]: not a section header, an option or a comment: 'this is not an option'"
                        + " (plugin not loaded)",
                "b-no-config.cfg: no [config] section (plugin not loaded)",
                "c-bad-id.cfg:2 [DEFAULT]: plugin_id 'abc' is not an integer (plugin not loaded)",
                "d-missing-source.cfg:3 [config]: missing option 'source' (plugin not loaded)",
                "nosuch.cfg: no such file or directory");
        assertThatThrownBy(() -> PluginLoader.loadStrict(plugins.resolve("c-bad-id.cfg"), AgentAliases.builtIn(),
                config())).isInstanceOf(PluginLoadException.class).hasMessageContaining("plugin_id 'abc'");
    }

    @Test
    void disabledOrNonDetectorPluginsAreLoadedButMarked() throws IOException {
        String base = """
                [DEFAULT]
                plugin_id=5
                [config]
                type=%s
                enable=%s
                source=%s
                [r]
                event_type=event
                regexp=x
                plugin_sid=1
                """;
        Path disabled = write("disabled.cfg", base.formatted("detector", "no", "log"));
        Path monitor = write("monitor.cfg", base.formatted("monitor", "yes", "log"));
        Path database = write("database.cfg", base.formatted("detector", "yes", "database"));
        Path maybe = write("maybe.cfg", base.formatted("detector", "maybe", "log"));
        LoadResult r = PluginLoader.load(List.of(disabled, monitor, database, maybe), AgentAliases.builtIn(), config());
        assertThat(r.plugins()).hasSize(4).allSatisfy(p -> {
            assertThat(p.active()).isFalse();
            assertThat(p.rules()).hasSize(1);
        });
        assertThat(r.plugin("disabled.cfg").inactiveReason()).contains("disabled");
        assertThat(r.plugin("monitor.cfg").inactiveReason()).contains("monitor");
        assertThat(r.plugin("database.cfg").inactiveReason()).contains("database");
        assertThat(r.plugin("maybe.cfg").enabled()).isFalse();
        assertThat(r.errorsFor("maybe.cfg")).singleElement().asString().contains("not a boolean");
    }

    @Test
    void multiLineRules() throws IOException {
        Path f = write("multi.cfg", """
                [DEFAULT]
                plugin_id=6
                [config]
                type=detector
                enable=yes
                source=log
                [r]
                event_type=event
                precheck=Host
                regexp=Host: (?P<host>\\S+)\\nUser-Agent: (\\S+) (?P<host>\\S+)?\\nAction: (.*)
                plugin_sid=1
                """);
        List<LoadError> errors = new ArrayList<>();
        PluginRule r = PluginLoader.loadFile(f, AgentAliases.builtIn(), config(), errors).rules().get(0);
        assertThat(errors).isEmpty();
        assertThat(r.multiLine()).isTrue();
        assertThat(r.lines()).extracting(PluginRule.Line::python)
                .containsExactly("Host: (?P<host>\\S+)", "User-Agent: (\\S+) (?P<host>\\S+)?", "Action: (.*)");
        String[] log = {"Host: a.example", "User-Agent: curl ", "Action: deny"};
        List<Matcher> ms = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Matcher m = r.lines().get(i).pattern().matcher(log[i]);
            assertThat(m.find()).isTrue();
            ms.add(m);
        }
        GroupValues g = r.groups(ms);
        // numbers run on across the lines; a name takes the value of the last line that has it
        assertThat(g.numbered(1)).isEqualTo("a.example");
        assertThat(g.numbered(2)).isEqualTo("curl");
        assertThat(g.numbered(3)).isNull();
        assertThat(g.numbered(4)).isEqualTo("deny");
        assertThat(g.named("host")).isNull();
    }

    @Test
    void quotedRegexpsAndPrechecksAreUnquotedAsTheAgentDoes() throws IOException {
        Path f = write("quotes.cfg", """
                [DEFAULT]
                plugin_id=7
                [config]
                type=detector
                enable=yes
                source=log
                [r1]
                event_type=event
                precheck='GET'
                regexp="GET (?P<url>\\S+) \\"(?P<agent>[^\\"]+)\\" end"
                plugin_sid=1
                [r2]
                event_type=event
                regexp="ends with an escaped quote \\""
                plugin_sid=2
                """);
        List<LoadError> errors = new ArrayList<>();
        OssimPlugin p = PluginLoader.loadFile(f, AgentAliases.builtIn(), config(), errors);
        PluginRule r = p.rule("r1");
        assertThat(r.precheck()).isEqualTo("GET");
        assertThat(r.expandedRegexp()).isEqualTo("GET (?P<url>\\S+) \\\"(?P<agent>[^\\\"]+)\\\" end");
        Matcher m = r.pattern().matcher("GET /x \"curl/8\" end");
        assertThat(m.find()).isTrue();
        assertThat(r.groups(m).named("agent")).isEqualTo("curl/8");
        // every trailing quote is stripped, the escaped one too, leaving a lone backslash at the
        // end: Python refuses that pattern, so the agent cannot load the rule either
        assertThat(p.rule("r2")).isNull();
        assertThat(errors).singleElement().asString()
                .isEqualTo("quotes.cfg:14 [r2]: invalid Python regexp: bogus escape (end of line) (at offset 27)"
                        + " (rule skipped)");
    }

    @Test
    void aliasesAndConfigFromFiles() throws IOException {
        Path aliases = write("aliases.cfg", """
                ;; aliases
                [regexp]
                MYNUM=   \\d{2}
                """);
        Path cfg = write("config.cfg", """
                [plugin-defaults]
                sensor = 198.51.100.7 ; the sensor
                """);
        Path f = write("uses.cfg", """
                [DEFAULT]
                plugin_id=8
                [config]
                type=detector
                enable=yes
                source=log
                [r]
                event_type=event
                regexp=n=(?P<n>\\MYNUM) on \\_CFG(plugin-defaults,sensor)
                plugin_sid=1
                device=\\_CFG(plugin-defaults,sensor)
                """);
        LoadResult res = PluginLoader.load(List.of(f), new AgentAliases(aliases), new AgentConfig(cfg));
        PluginRule r = res.plugins().get(0).rules().get(0);
        assertThat(r.expandedRegexp()).isEqualTo("n=(?P<n>\\d{2}) on 198.51.100.7");
        assertThat(r.field("device")).isEqualTo("198.51.100.7");
        assertThat(new AgentAliases(aliases).lookup("mynum")).isEqualTo("\\d{2}");
    }

    @Test
    void loadErrorText() {
        assertThat(new LoadError(Path.of("/x/ssh.cfg"), "0001 - Invalid user", 57, "reason").toString())
                .isEqualTo("ssh.cfg:57 [0001 - Invalid user]: reason");
        assertThat(new LoadError(Path.of("ssh.cfg"), null, 0, "reason").toString()).isEqualTo("ssh.cfg: reason");
    }

    @Test
    void ruleOrderIsByCodePoint() {
        List<String> names = new ArrayList<>(List.of("b", "B", "a", "_", "0001", "9999", "ZZZZ", "zzzz", "\uFF21",
                "\uD83D\uDE00"));
        names.sort(OssimPlugin.RULE_ORDER);
        assertThat(names).containsExactly("0001", "9999", "B", "ZZZZ", "_", "a", "b", "zzzz", "\uFF21", "\uD83D\uDE00");
    }

    @Test
    void excludeSids() {
        assertThat(PluginLoader.splitSids("200,302, 404,403")).containsExactly("200", "302", "404", "403");
        assertThat(PluginLoader.splitSids("1-3,7-8")).containsExactly("1", "2", "3", "7", "8");
        assertThat(PluginLoader.splitSids("")).isEmpty();
    }
}
