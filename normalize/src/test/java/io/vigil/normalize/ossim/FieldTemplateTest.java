package io.vigil.normalize.ossim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class FieldTemplateTest {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final FieldFunctions FUNCTIONS =
            FieldFunctions.builder().zone(ZoneOffset.UTC).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

    /** Groups of a match: named ones from a map, numbered ones in order (null: did not take part). */
    static GroupValues groups(Map<String, String> named, String... numbered) {
        return new GroupValues() {
            @Override
            public String named(String pythonName) {
                return named.get(pythonName);
            }

            @Override
            public String numbered(int group) {
                return group >= 1 && group <= numbered.length ? numbered[group - 1] : null;
            }
        };
    }

    static Translations tables(Map<String, Map<String, String>> sections) {
        return section -> sections.get(section.toLowerCase(Locale.ROOT));
    }

    static final Translations NONE = section -> null;

    static String eval(String template, Map<String, String> named, String... numbered) throws TemplateException {
        return FieldTemplate.compile(template, FUNCTIONS).evaluate(groups(named, numbered), NONE);
    }

    // ---- literals and variables

    @Test
    void literalIsConstant() throws Exception {
        FieldTemplate t = FieldTemplate.compile("4003", FUNCTIONS);
        assertThat(t.isConstant()).isTrue();
        assertThat(t.constantValue()).isEqualTo("4003");
        assertThat(t.evaluate(groups(Map.of()), NONE)).isEqualTo("4003");
        assertThat(FieldTemplate.compile("", FUNCTIONS).evaluate(groups(Map.of()), NONE)).isEmpty();
        assertThat(FieldTemplate.compile("", FUNCTIONS).constantValue()).isEmpty();
    }

    @Test
    void namedAndNumberedGroups() throws Exception {
        assertThat(eval("{$user}", Map.of("user", "root"))).isEqualTo("root");
        assertThat(eval("{$src_ip}", Map.of("src_ip", "10.0.0.1"))).isEqualTo("10.0.0.1");
        assertThat(eval("{$2}", Map.of(), "a", "b")).isEqualTo("b");
        FieldTemplate t = FieldTemplate.compile("{$user}", FUNCTIONS);
        assertThat(t.isConstant()).isFalse();
        assertThat(t.constantValue()).isNull();
    }

    @Test
    void groupThatDidNotTakePartIsEmpty() throws Exception {
        // The agent turns None into '' before substituting.
        assertThat(eval("{$user}", new HashMap<>())).isEmpty();
        assertThat(eval("user={$user}.", new HashMap<>())).isEqualTo("user=.");
        assertThat(eval("{$3}", Map.of(), "a")).isEmpty();
    }

    @Test
    void concatenationsOfLiteralsAndForms() throws Exception {
        Map<String, String> g = Map.of("a", "x", "b", "y", "path", "/index.html", "host", "10.1.1.1",
                "inbytes", "10", "outbytes", "20");
        assertThat(eval("{$a}-{$b}", g)).isEqualTo("x-y");
        assertThat(eval("Device:{$a}", g)).isEqualTo("Device:x");
        assertThat(eval("http://{resolv($host)}{$path}", g)).isEqualTo("http://10.1.1.1/index.html");
        assertThat(eval("In Bytes: {$inbytes}, Out Bytes: {$outbytes}", g)).isEqualTo("In Bytes: 10, Out Bytes: 20");
        assertThat(eval("server: {$1}, in: {$2}", Map.of(), "s", "5")).isEqualTo("server: s, in: 5");
        assertThat(eval("{$a}}}}", g)).isEqualTo("x}}}");
        assertThat(eval("{{$a}}", g)).isEqualTo("{x}");
        assertThat(eval("{$a}{$a}", g)).isEqualTo("xx");
    }

    @Test
    void substitutedValuesAreNotReadAgain() throws Exception {
        // The agent rescans its output; a log line must not be able to call a function.
        Map<String, String> g = Map.of("msg", "{md5sum($user)} {$user}", "user", "root");
        assertThat(eval("{$msg}", g)).isEqualTo("{md5sum($user)} {$user}");
    }

    // ---- functions

    @Test
    void functionCalls() throws Exception {
        Map<String, String> g = Map.of("x", "abc", "d", "Oct 27 10:50:46", "proto", "6", "port", "ssh", "gid", "1",
                "sid", "2000");
        assertThat(eval("{upper($x)}", g)).isEqualTo("ABC");
        assertThat(eval("{md5sum($x)}", g)).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(eval("{md5sum($x,$d)}", g)).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(eval("{normalize_date($d)}", g)).isEqualTo("2026-10-27T10:50:46Z");
        assertThat(eval("{normalize_protocol($proto)}", g)).isEqualTo("tcp");
        assertThat(eval("{resolv_port($port)}", g)).isEqualTo("22");
        assertThat(eval("{snort_id($gid)}", g)).isEqualTo("1001");
        assertThat(eval("{hextoint($x)}", g)).isEqualTo("2748");
        assertThat(eval("{md5sum($1)}", Map.of(), "abc")).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(eval("{ upper($x)}", g)).isEqualTo("{ upper($x)}"); // the agent wants the name right after '{'
    }

    @Test
    void functionOfAGroupThatDidNotTakePartGetsEmptyText() throws Exception {
        assertThat(eval("{upper($x)}", new HashMap<>())).isEmpty();
        assertThat(eval("{normalize_date($d)}", new HashMap<>())).isEmpty();
        assertThat(eval("{resolv($src)}", new HashMap<>())).isEmpty();
    }

    @Test
    void normalizeDateUsesTheReferenceGiven() throws Exception {
        FieldTemplate t = FieldTemplate.compile("{normalize_date($date)}", FUNCTIONS);
        GroupValues g = groups(Map.of("date", "Dec 31 23:59:58"));
        assertThat(t.evaluate(g, NONE, Instant.parse("2027-01-01T00:00:03Z"))).isEqualTo("2026-12-31T23:59:58Z");
        assertThat(t.evaluate(g, NONE)).isEqualTo("2025-12-31T23:59:58Z"); // the clock: 25 Nov 2026
        assertThat(FieldTemplate.compile("{normalize_date_american($date)}", FUNCTIONS)
                .evaluate(groups(Map.of("date", "01/02/12 10:00:00")), NONE)).isEqualTo("2012-01-02T10:00:00Z");
    }

    @Test
    void zoneOfTheFunctions() throws Exception {
        FieldTemplate t = FieldTemplate.compile("{normalize_date($date)}", FUNCTIONS.withZone(java.time.ZoneId.of("Europe/Paris")));
        assertThat(t.evaluate(groups(Map.of("date", "Nov 25 10:00:00")), NONE)).isEqualTo("2026-11-25T09:00:00Z");
    }

    // ---- translations

    static final Translations PLUGIN = tables(Map.of(
            "translation", Map.of("accepted", "7", "failed", "8", "_DEFAULT_", "9999"),
            "avapi-sids", Map.of("5715", "1", "5501", "2", "_DEFAULT_", "20000000"),
            "lowered", Map.of("yes", "1", "_default_", "0"),
            "nodefault", Map.of("a", "1")));

    @Test
    void translate() throws Exception {
        FieldTemplate t = FieldTemplate.compile("{translate($type)}", FUNCTIONS);
        assertThat(t.translationSections()).containsExactly("translation");
        assertThat(t.evaluate(groups(Map.of("type", "accepted")), PLUGIN)).isEqualTo("7");
        // ConfigParser lowercases option names: lookups ignore case
        assertThat(t.evaluate(groups(Map.of("type", "Accepted")), PLUGIN)).isEqualTo("7");
        // not found: _DEFAULT_
        assertThat(t.evaluate(groups(Map.of("type", "other")), PLUGIN)).isEqualTo("9999");
        // a group that did not take part is '' in the agent: not found, _DEFAULT_
        assertThat(t.evaluate(groups(new HashMap<>()), PLUGIN)).isEqualTo("9999");
        // no [translation] section: the value itself
        assertThat(t.evaluate(groups(Map.of("type", "accepted")), NONE)).isEqualTo("accepted");
        assertThat(t.evaluate(groups(Map.of("type", "accepted")), null)).isEqualTo("accepted");
        // numbered groups too
        assertThat(FieldTemplate.compile("{translate($1)}", FUNCTIONS).evaluate(groups(Map.of(), "failed"), PLUGIN))
                .isEqualTo("8");
    }

    @Test
    void translateWithoutDefaultGivesTheValue() throws Exception {
        Translations noDefault = tables(Map.of("translation", Map.of("accepted", "7")));
        FieldTemplate t = FieldTemplate.compile("{translate($type)}", FUNCTIONS);
        assertThat(t.evaluate(groups(Map.of("type", "other")), noDefault)).isEqualTo("other");
    }

    @Test
    void translate2ReadsTheNamedSection() throws Exception {
        FieldTemplate t = FieldTemplate.compile("{translate2($rule_id,$avapi-sids)}", FUNCTIONS);
        assertThat(t.translationSections()).containsExactly("avapi-sids");
        assertThat(t.groupNames()).containsExactly("rule_id");
        assertThat(t.evaluate(groups(Map.of("rule_id", "5715")), PLUGIN)).isEqualTo("1");
        assertThat(t.evaluate(groups(Map.of("rule_id", "1")), PLUGIN)).isEqualTo("20000000");
        // a section the plugin lacks: the value
        FieldTemplate missing = FieldTemplate.compile("{translate2($x,$nosuch)}", FUNCTIONS);
        assertThat(missing.evaluate(groups(Map.of("x", "5715")), PLUGIN)).isEqualTo("5715");
        // no default in the section: the value
        FieldTemplate nodefault = FieldTemplate.compile("{translate2($x,$nodefault)}", FUNCTIONS);
        assertThat(nodefault.evaluate(groups(Map.of("x", "b")), PLUGIN)).isEqualTo("b");
        // _DEFAULT_ as ConfigParser stores it, lowercased
        FieldTemplate lowered = FieldTemplate.compile("{translate2($x,$lowered)}", FUNCTIONS);
        assertThat(lowered.evaluate(groups(Map.of("x", "no")), PLUGIN)).isEqualTo("0");
        // the section written without '$' is read the same
        assertThat(FieldTemplate.compile("{translate2($x,avapi-sids)}", FUNCTIONS)
                .evaluate(groups(Map.of("x", "5501")), PLUGIN)).isEqualTo("2");
    }

    @Test
    void computedPluginIdAndSid() throws Exception {
        FieldTemplate sid = FieldTemplate.compile("{translate($code)}", FUNCTIONS);
        FieldTemplate id = FieldTemplate.compile("{snort_id($gid)}", FUNCTIONS);
        GroupValues g = groups(Map.of("code", "failed", "gid", "119"));
        assertThat(sid.evaluate(g, PLUGIN)).isEqualTo("8");
        assertThat(id.evaluate(g, PLUGIN)).isEqualTo("1119");
        assertThat(FieldTemplate.compile("{$sid}", FUNCTIONS).evaluate(groups(Map.of("sid", "2001219")), PLUGIN))
                .isEqualTo("2001219");
    }

    @Test
    void aTranslationIsTheWholeValue() throws Exception {
        FieldTemplate t = FieldTemplate.compile("sid {translate($type)} of {$x}", FUNCTIONS);
        assertThat(t.evaluate(groups(Map.of("type", "accepted", "x", "y")), PLUGIN)).isEqualTo("7");
        assertThat(t.warnings()).singleElement().asString().contains("whole value");
    }

    // ---- $CONCAT

    @Test
    void concat() throws Exception {
        Map<String, String> g = Map.of("proto", "tcp", "port", "22", "service", "ssh", "a", "x", "b", "y");
        assertThat(eval("$CONCAT($proto,|,$port,|,$service)", g)).isEqualTo("tcp|22|ssh");
        assertThat(eval("$CONCAT($1,:,$2)", Map.of(), "h", "80")).isEqualTo("h:80");
        // literal parameters as written: the agent trims nothing
        assertThat(eval("$CONCAT($a, - ,$b)", g)).isEqualTo("x - y");
        // a group that did not take part is ''
        assertThat(eval("$CONCAT($a,/,$nothere)", g)).isEqualTo("x/");
        // a parameter with a form in it
        assertThat(eval("$CONCAT({upper($a)},-,$b)", g)).isEqualTo("X-y");
        assertThat(eval("$CONCAT({md5sum($a,$b)},$b)", g)).isEqualTo(FieldFunctions.md5sum("x") + "y");
        // empty parameters are empty text
        assertThat(eval("$CONCAT($a,,$b)", g)).isEqualTo("xy");
        assertThat(eval("$CONCAT()", g)).isEmpty();
    }

    @Test
    void concatAsTheAgentReadsIt() throws Exception {
        Map<String, String> g = Map.of("a", "x", "b", "y");
        // " $b" starts with a space: text to the agent
        FieldTemplate spaced = FieldTemplate.compile("$CONCAT($a, $b)", FUNCTIONS);
        assertThat(spaced.evaluate(groups(g), NONE)).isEqualTo("x $b");
        assertThat(spaced.warnings()).singleElement().asString().contains("starts with a space");
        // a parameter that cannot name a group is text
        FieldTemplate bad = FieldTemplate.compile("$CONCAT($a,$b-c)", FUNCTIONS);
        assertThat(bad.evaluate(groups(g), NONE)).isEqualTo("x$b-c");
        assertThat(bad.warnings()).hasSize(1);
        // text after the closing parenthesis is dropped
        FieldTemplate after = FieldTemplate.compile("$CONCAT($a,$b) tail", FUNCTIONS);
        assertThat(after.evaluate(groups(g), NONE)).isEqualTo("xy");
        assertThat(after.warnings()).singleElement().asString().contains("dropped");
        // not the whole value: text
        FieldTemplate inner = FieldTemplate.compile("x=$CONCAT($a,$b)", FUNCTIONS);
        assertThat(inner.evaluate(groups(g), NONE)).isEqualTo("x=$CONCAT($a,$b)");
        assertThat(inner.warnings()).hasSize(1);
        // in braces: text
        FieldTemplate braces = FieldTemplate.compile("{$CONCAT($a,$b)}", FUNCTIONS);
        assertThat(braces.evaluate(groups(g), NONE)).isEqualTo("{$CONCAT($a,$b)}");
        assertThat(braces.warnings()).singleElement().asString().contains("$CONCAT(...) must be the whole value");
        // no closing parenthesis: text
        assertThat(eval("$CONCAT($a", g)).isEqualTo("$CONCAT($a");
        // the agent's match stops at the end of the first line
        assertThat(eval("$CONCAT($a,$b)\n)", g)).isEqualTo("xy");
    }

    // ---- what the agent leaves as text

    @Test
    void formsTheAgentReadsAsText() throws Exception {
        Map<String, String> g = Map.of("username", "bob", "dport", "80", "3", "x");
        for (String text : List.of("{resolv(syslog_dst)}", "{normalize_protocol('TCP')}", "{username}", "{dport}",
                "{$0}", "{$01}", "{$a b}", "{translate(x)}")) {
            FieldTemplate t = FieldTemplate.compile(text, FUNCTIONS);
            assertThat(t.evaluate(groups(g), PLUGIN)).as(text).isEqualTo(text);
            assertThat(t.warnings()).as(text).hasSize(1);
        }
        FieldTemplate resolv = FieldTemplate.compile("resolv({$3})", FUNCTIONS);
        assertThat(resolv.evaluate(groups(Map.of(), "a", "b", "10.0.0.3"), NONE)).isEqualTo("resolv(10.0.0.3)");
        assertThat(resolv.warnings()).singleElement().asString().contains("{resolv($name)}");
        // regexp-like braces, JSON and the like: no warning
        for (String text : List.of("{1,3}", "a{2}", "{\"k\": 1}", "{}", "{ }")) {
            FieldTemplate t = FieldTemplate.compile(text, FUNCTIONS);
            assertThat(t.evaluate(groups(g), NONE)).isEqualTo(text);
            assertThat(t.warnings()).as(text).isEmpty();
        }
    }

    // ---- errors

    @Test
    void unknownFunctionIsAnErrorWithItsPlace() {
        assertThatThrownBy(() -> FieldTemplate.compile("x {nosuch($a)}", FUNCTIONS))
                .isInstanceOfSatisfying(TemplateException.class, e -> {
                    assertThat(e.reason()).isEqualTo("unknown function nosuch");
                    assertThat(e.offset()).isEqualTo(3);
                    assertThat(e.text()).isEqualTo("x {nosuch($a)}");
                    assertThat(e.getMessage()).isEqualTo("unknown function nosuch at column 4 of \"x {nosuch($a)}\"");
                });
        // function names are case-sensitive, as Python's getattr
        assertThatThrownBy(() -> FieldTemplate.compile("{Upper($a)}", FUNCTIONS)).isInstanceOf(TemplateException.class);
    }

    @Test
    void otherErrors() {
        assertThatThrownBy(() -> FieldTemplate.compile("{upper($a,$b)}", FUNCTIONS))
                .hasMessageContaining("upper takes 1 argument, not 2");
        assertThatThrownBy(() -> FieldTemplate.compile("{intrushield_sid($a)}", FUNCTIONS))
                .hasMessageContaining("intrushield_sid takes 2 arguments, not 1");
        assertThatThrownBy(() -> FieldTemplate.compile("{md5sum($a,'x')}", FUNCTIONS))
                .hasMessageContaining("argument \"'x'\" of md5sum is not a $variable");
        assertThatThrownBy(() -> FieldTemplate.compile("{upper($)}", FUNCTIONS))
                .hasMessageContaining("is not a $variable");
        assertThatThrownBy(() -> FieldTemplate.compile("{:custom($a)}", FUNCTIONS))
                .hasMessageContaining("custom function {:custom(...)} is not supported");
        assertThatThrownBy(() -> FieldTemplate.compile("{translate($a,$b)}", FUNCTIONS))
                .hasMessageContaining("translate takes 1 argument, not 2");
        assertThatThrownBy(() -> FieldTemplate.compile("{translate2($a)}", FUNCTIONS))
                .hasMessageContaining("translate2 takes 2 arguments");
    }

    @Test
    void whatATemplateRefersTo() throws Exception {
        FieldTemplate t = FieldTemplate.compile("{$a} {resolv($src_ip)} {md5sum($3,$1)} {$a}", FUNCTIONS);
        assertThat(t.groupNames()).containsExactly("a", "src_ip");
        assertThat(t.groupNumbers()).containsExactly(1, 3);
        assertThat(t.functionNames()).containsExactly("resolv", "md5sum");
        assertThat(t.translationSections()).isEmpty();
        assertThat(t.text()).isEqualTo("{$a} {resolv($src_ip)} {md5sum($3,$1)} {$a}");
        assertThat(t.warnings()).isEmpty();
    }

    // ---- resolv never waits

    @Test
    void resolvNeverBlocksEvaluation() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HostResolver slow = name -> {
            release.await(); // a resolver that hangs until the test lets it go
            return "192.0.2.7";
        };
        try (FieldFunctions f = FieldFunctions.builder().resolveNames(true).hostResolver(slow).zone(ZoneOffset.UTC)
                .hostCache(HostCache.Settings.defaults().withTimeout(Duration.ofMinutes(1))).build()) {
            FieldTemplate t = FieldTemplate.compile("{resolv($host)}", f);
            GroupValues g = groups(Map.of("host", "db.example.test"));
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                for (int i = 0; i < 1000; i++) assertThat(t.evaluate(g, NONE)).isEqualTo("db.example.test");
            });
            release.countDown();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> t.evaluate(g, NONE).equals("192.0.2.7"));
            assertThat(f.hostStats().lookups()).isEqualTo(1);
        }
    }

    // ---- every field of every fixture plugin

    /**
     * Field values of the fixture plugins that the agent reads as text where the author meant
     * a form: they compile, as text, with a warning (file:line, and why).
     */
    static final Map<String, String> EXPECTED_WARNINGS = Map.ofEntries(
            Map.entry("bind.cfg:601", "{resolv(syslog_dst)}: no $, so the agent calls nothing"),
            Map.entry("cisco-asa.cfg:416", "{normalize_protocol('TCP')}: a literal argument, so the agent calls nothing"),
            Map.entry("netscreen-firewall.cfg:434", "{dport}: no $, so not a group"),
            Map.entry("ossec-single-line.cfg:1459", "{username}: no $, so not a group"),
            Map.entry("symantec-epm.cfg:676", "normalize_date({$1}): the call is outside the braces"),
            Map.entry("symantec-epm.cfg:677", "resolv({$3}): the call is outside the braces"),
            Map.entry("symantec-epm.cfg:678", "resolv({$3}): the call is outside the braces"),
            Map.entry("symantec-epm.cfg:689", "normalize_date({$1}): the call is outside the braces"),
            Map.entry("symantec-epm.cfg:690", "resolv({$3}): the call is outside the braces"),
            Map.entry("symantec-epm.cfg:691", "resolv({$3}): the call is outside the braces"));

    /** Options of a rule that are not event fields. */
    static final List<String> NOT_FIELDS = List.of("regexp", "precheck", "event_type", "exclude_sids");

    record Field(String file, int line, String section, String key, String value) {}

    @Test
    void everyFieldOfEveryFixturePluginCompiles() throws IOException {
        String fixtures = System.getProperty("vigil.fixtures", "");
        Path dir = fixtures.isBlank() ? null : Path.of(fixtures, "ossim", "plugins");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir),
                "OSSIM fixture plugins not found (vigil.fixtures=" + fixtures + "): the compatibility check is skipped");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".cfg")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        int compiled = 0;
        List<String> errors = new ArrayList<>();
        Map<String, List<String>> warned = new TreeMap<>();
        Map<String, Integer> functionUse = new TreeMap<>();
        for (Path file : files) {
            for (Field f : fields(file)) {
                try {
                    FieldTemplate t = FieldTemplate.compile(f.value(), FUNCTIONS);
                    compiled++;
                    for (String fn : t.functionNames()) functionUse.merge(fn, 1, Integer::sum);
                    if (!t.warnings().isEmpty()) warned.put(f.file() + ":" + f.line(), t.warnings());
                    // evaluates against an empty match without failing
                    t.evaluate(groups(new HashMap<>()), NONE, NOW);
                } catch (TemplateException e) {
                    errors.add(f.file() + ":" + f.line() + " [" + f.section() + "] " + f.key() + ": " + e.getMessage());
                }
            }
        }
        assertThat(errors).as("fields that do not compile").isEmpty();
        assertThat(compiled).isGreaterThan(4000);
        assertThat(warned.keySet()).as("fields the agent reads as text: %s", warned)
                .containsExactlyInAnyOrderElementsOf(EXPECTED_WARNINGS.keySet());
        assertThat(functionUse).containsKeys("resolv", "normalize_date", "translate", "translate2", "resolv_port",
                "normalize_protocol", "snort_id", "md5sum", "normalize_date_american", "upper");
    }

    /** Rule fields as ConfigParser gives them, read crudely: [DEFAULT] and every section with a regexp. */
    static List<Field> fields(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        Map<String, List<Field>> sections = new java.util.LinkedHashMap<>();
        String section = null;
        Field last = null;
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            if (!raw.isEmpty() && Character.isWhitespace(raw.charAt(0)) && last != null) {
                // a continuation line
                Field joined = new Field(last.file(), last.line(), last.section(), last.key(), last.value() + "\n" + line);
                List<Field> list = sections.get(section);
                list.set(list.size() - 1, joined);
                last = joined;
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1);
                sections.putIfAbsent(section, new ArrayList<>());
                last = null;
                continue;
            }
            if (section == null) continue;
            int eq = line.indexOf('=');
            int sep = eq >= 0 ? eq : line.lastIndexOf(':');
            if (sep <= 0) continue;
            String key = line.substring(0, sep).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(sep + 1);
            int semicolon = value.indexOf(';');
            if (semicolon > 0 && Character.isWhitespace(value.charAt(semicolon - 1))) value = value.substring(0, semicolon);
            value = stripQuotes(value.strip());
            last = new Field(file.getFileName().toString(), i + 1, section, key, value);
            sections.get(section).add(last);
        }
        List<Field> out = new ArrayList<>();
        for (Map.Entry<String, List<Field>> e : sections.entrySet()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("config") || name.equals("info") || name.startsWith("translation")) continue;
            boolean rule = name.equals("default") || e.getValue().stream().anyMatch(f -> f.key().equals("regexp"));
            if (!rule) continue; // a translate2 table such as [avapi-sids]
            for (Field f : e.getValue()) {
                if (!NOT_FIELDS.contains(f.key())) out.add(f);
            }
        }
        return out;
    }

    /** The agent's Conf._strip_value: double quotes, then single quotes, off both ends. */
    static String stripQuotes(String v) {
        return strip(strip(v, '"'), '\'');
    }

    private static String strip(String v, char c) {
        int from = 0;
        int to = v.length();
        while (from < to && v.charAt(from) == c) from++;
        while (to > from && v.charAt(to - 1) == c) to--;
        return v.substring(from, to);
    }
}
