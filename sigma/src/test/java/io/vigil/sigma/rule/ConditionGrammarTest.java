package io.vigil.sigma.rule;

import static io.vigil.sigma.rule.RuleFixture.HEADER;
import static io.vigil.sigma.rule.RuleFixture.compile;
import static io.vigil.sigma.rule.RuleFixture.error;
import static io.vigil.sigma.rule.RuleFixture.ev;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.sigma.rule.RuleFixture.Compiled;
import io.vigil.sigma.rule.RuleLoader.RuleError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The condition grammar of the specification's "Condition" section, and how search identifiers
 * combine their values (the "Lists" and "Maps" sections), with the refusals a rule that breaks
 * them gets, each naming its line.
 */
class ConditionGrammarTest {

    private static final List<String> NAMES = List.of("a", "b", "c", "d");

    /** Search identifiers a, b, c, d (each true when its field of the same name is "y") under {@code condition}. */
    private static Compiled abcd(String condition) {
        StringBuilder b = new StringBuilder();
        for (String n : NAMES) b.append(n).append(":\n    ").append(n).append(": 'y'\n");
        return compile(b.append("condition: ").append(condition).append('\n').toString());
    }

    /** The event in which exactly the identifiers whose bit is set in {@code mask} hold. */
    private static Map<String, String> event(int mask) {
        Map<String, String> e = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.size(); i++) e.put(NAMES.get(i), (mask & (1 << i)) != 0 ? "y" : "n");
        return e;
    }

    /** The condition agrees with {@code expected} (over a, b, c, d) on every one of the 16 events. */
    private static void truthTable(String condition, Predicate<boolean[]> expected) {
        Compiled r = abcd(condition);
        for (int mask = 0; mask < 16; mask++) {
            boolean[] v = new boolean[4];
            for (int i = 0; i < 4; i++) v[i] = (mask & (1 << i)) != 0;
            assertThat(r.matches(event(mask))).as("%s with a=%s b=%s c=%s d=%s", condition, v[0], v[1], v[2], v[3]).isEqualTo(expected.test(v));
        }
    }

    // ------------------------------------------------------------------------- precedence

    @Test
    void andBindsTighterThanOr() {
        // "Operator Precedence (least to most binding): or, and, not, x of search-identifier, ( expression )"
        truthTable("a or b and c", v -> v[0] || (v[1] && v[2]));
        Compiled r = abcd("a or b and c");
        assertThat(r.matches(ev("a", "y"))).as("a alone: (a or b) and c would say no").isTrue();
        assertThat(r.matches(ev("c", "y"))).isFalse();
        truthTable("a and b or c and d", v -> (v[0] && v[1]) || (v[2] && v[3]));
    }

    @Test
    void notBindsTighterThanAnd() {
        // "Negation with 'not'" ... precedence: "and" looser than "not"
        truthTable("not a and b", v -> !v[0] && v[1]);
        Compiled r = abcd("not a and b");
        assertThat(r.matches(ev())).as("nothing: not (a and b) would say yes").isFalse();
        assertThat(r.matches(ev("b", "y"))).isTrue();
        truthTable("a and not b or c", v -> (v[0] && !v[1]) || v[2]);
        truthTable("not a or not b", v -> !v[0] || !v[1]);
        truthTable("not not a", v -> v[0]);
    }

    @Test
    void parenthesesNested() {
        // "Brackets: `selection1 and (keywords1 or keywords2)`"
        truthTable("a and (b or c)", v -> v[0] && (v[1] || v[2]));
        truthTable("(a or b) and c", v -> (v[0] || v[1]) && v[2]);
        truthTable("not (a and (b or (c and not d)))", v -> !(v[0] && (v[1] || (v[2] && !v[3]))));
        truthTable("((a)) or ((b and c) and (d))", v -> v[0] || (v[1] && v[2] && v[3]));
        truthTable("not(a)and(b)", v -> !v[0] && v[1]);
    }

    // ------------------------------------------------------------------------- x of

    @Test
    void oneOfAndAllOfAPattern() {
        // "1/all of search-identifier-pattern: Same as *1/all of them*, but restricted to matching search identifiers.
        //  Matching is done with * wildcards (any number of characters) at arbitrary positions in the pattern."
        String body = """
                selection_img:
                    Image|endswith: '\\\\certutil.exe'
                selection_cli:
                    CommandLine|contains: '-decode'
                filter_main_path:
                    ParentImage|startswith: 'C:\\\\Program Files\\\\'
                filter_optional_tool:
                    ParentImage|endswith: '\\\\tool.exe'
                condition: %s
                """;
        Map<String, String> decode = ev("Image", "C:\\Windows\\certutil.exe", "CommandLine", "certutil -decode a b");
        Map<String, String> imageOnly = ev("Image", "C:\\Windows\\certutil.exe", "CommandLine", "certutil -urlcache");
        Map<String, String> fromProgramFiles = ev("Image", "C:\\Windows\\certutil.exe", "CommandLine", "certutil -decode a b",
                "ParentImage", "C:\\Program Files\\x\\y.exe");
        Map<String, String> fromTool = ev("Image", "C:\\Windows\\certutil.exe", "CommandLine", "certutil -decode a b",
                "ParentImage", "C:\\tools\\tool.exe");

        Compiled all = compile(body.formatted("all of selection_*"));
        assertThat(all.matches(decode)).isTrue();
        assertThat(all.matches(imageOnly)).isFalse();

        Compiled one = compile(body.formatted("1 of selection_*"));
        assertThat(one.matches(imageOnly)).isTrue();
        assertThat(one.matches(ev("Image", "x.exe"))).isFalse();

        // "`1 of selection* and not 1 of filter*`"
        Compiled filtered = compile(body.formatted("all of selection_* and not 1 of filter_*"));
        assertThat(filtered.matches(decode)).isTrue();
        assertThat(filtered.matches(fromProgramFiles)).isFalse();
        assertThat(filtered.matches(fromTool)).isFalse();

        // the wildcard anywhere in the pattern
        Compiled middle = compile(body.formatted("all of selection_* and not 1 of filter_*_path"));
        assertThat(middle.matches(fromTool)).isTrue();
        assertThat(middle.matches(fromProgramFiles)).isFalse();
        Compiled leading = compile(body.formatted("all of *_img and not 1 of *tool"));
        assertThat(leading.matches(imageOnly)).isTrue();
        assertThat(leading.matches(fromTool)).isFalse();
        Compiled both = compile(body.formatted("1 of *_c* and not all of filter*"));
        assertThat(both.matches(ev("CommandLine", "x -decode y"))).isTrue();
        assertThat(both.matches(ev("CommandLine", "x -encode y"))).isFalse();
    }

    @Test
    void xOfBindsTighterThanNot() {
        // precedence: "not" looser than "x of search-identifier"
        String body = """
                sel1:
                    a: 'y'
                sel2:
                    b: 'y'
                condition: not 1 of sel* and c
                c:
                    c: 'y'
                """;
        Compiled r = compile(body);
        assertThat(r.matches(ev("c", "y"))).isTrue();
        assertThat(r.matches(ev("a", "y", "c", "y"))).isFalse();
        assertThat(r.matches(ev("b", "y", "c", "y"))).isFalse();
        assertThat(r.matches(ev())).isFalse();
    }

    @Test
    void themIsEveryIdentifierNotStartingWithAnUnderscore() {
        // "Logical OR (`1 of them`) or AND (`all of them`) across all defined search identifiers not starting with an
        //  underscore `_`." / "A search identifier `_example` wouldn't be included because detections starting with
        //  underscores are excluded by convention."
        String body = """
                sel1:
                    a: 'y'
                sel2:
                    b: 'y'
                _example:
                    c: 'y'
                condition: %s
                """;
        Compiled one = compile(body.formatted("1 of them"));
        assertThat(one.matches(ev("a", "y"))).isTrue();
        assertThat(one.matches(ev("b", "y"))).isTrue();
        assertThat(one.matches(ev("c", "y"))).as("_example is not one of them").isFalse();

        Compiled all = compile(body.formatted("all of them"));
        assertThat(all.matches(ev("a", "y", "b", "y"))).as("_example need not hold").isTrue();
        assertThat(all.matches(ev("a", "y", "c", "y"))).isFalse();

        // an underscore identifier can still be named explicitly
        Compiled named = compile(body.formatted("all of them and not _example"));
        assertThat(named.matches(ev("a", "y", "b", "y"))).isTrue();
        assertThat(named.matches(ev("a", "y", "b", "y", "c", "y"))).isFalse();
    }

    @Test
    void themIsLinkedWithEachIdentifiersOwnBehaviour() {
        // "The search identifiers themselves are logically linked with their default behavior for maps (AND) and lists (OR)."
        Compiled r = compile("""
                map:
                    a: 'y'
                    b: 'y'
                list:
                    - c: 'y'
                    - d: 'y'
                condition: all of them
                """);
        assertThat(r.matches(ev("a", "y", "b", "y", "d", "y"))).isTrue();
        assertThat(r.matches(ev("a", "y", "d", "y"))).isFalse();
        assertThat(r.matches(ev("a", "y", "b", "y"))).isFalse();
    }

    // ------------------------------------------------------------------------- condition list, lists and maps

    @Test
    void conditionListIsOr() {
        // "The condition can be a list, in this case, each of them generates a query They are logically linked with OR."
        Compiled r = abcd("\n    - a and b\n    - c and not d");
        for (int mask = 0; mask < 16; mask++) {
            boolean a = (mask & 1) != 0, b = (mask & 2) != 0, c = (mask & 4) != 0, d = (mask & 8) != 0;
            assertThat(r.matches(event(mask))).as("mask %d", mask).isEqualTo((a && b) || (c && !d));
        }
    }

    @Test
    void listOfMapsIsOr() {
        // "maps (see below). All map items of a list are logically linked with 'OR'." / "The example above matches an image
        //  value ending with `example.exe` **or** an executable with a description containing the string `Test executable`."
        Compiled r = compile("""
                selection:
                    - Image|endswith: '\\\\example.exe'
                    - Description|contains: 'Test executable'
                condition: selection
                """);
        assertThat(r.matches(ev("Image", "C:\\x\\example.exe"))).isTrue();
        assertThat(r.matches(ev("Description", "A Test Executable file"))).isTrue();
        assertThat(r.matches(ev("Image", "C:\\x\\other.exe", "Description", "nothing"))).isFalse();
    }

    @Test
    void mapIsAnd() {
        // "All elements of a map are joined with a logical 'AND'." / "Matches on Eventlog 'Security' **and** Event ID 4679
        //  **and** TicketOptions 0x40810000 **and** TicketEncryption 0x17"
        Compiled r = compile("""
                selection:
                      EventLog: Security
                      EventID: 4769
                      TicketOptions: '0x40810000'
                      TicketEncryption: '0x17'
                condition: selection
                """);
        Map<String, String> all = ev("EventLog", "Security", "EventID", "4769", "TicketOptions", "0x40810000", "TicketEncryption", "0x17");
        assertThat(r.matches(all)).isTrue();
        for (String missing : List.copyOf(all.keySet())) {
            Map<String, String> e = new LinkedHashMap<>(all);
            e.remove(missing);
            assertThat(r.matches(e)).as("without " + missing).isFalse();
            e.put(missing, "other");
            assertThat(r.matches(e)).as("other " + missing).isFalse();
        }
    }

    @Test
    void listOfMapsEachAnAnd() {
        // a list of maps: OR over the maps, AND inside each
        Compiled r = compile("""
                selection:
                    - a: 'y'
                      b: 'y'
                    - c: 'y'
                      d: 'y'
                condition: selection
                """);
        for (int mask = 0; mask < 16; mask++) {
            boolean a = (mask & 1) != 0, b = (mask & 2) != 0, c = (mask & 4) != 0, d = (mask & 8) != 0;
            assertThat(r.matches(event(mask))).as("mask %d", mask).isEqualTo((a && b) || (c && d));
        }
    }

    // ------------------------------------------------------------------------- refusals, with their lines

    @Test
    void unknownIdentifier() {
        RuleError e = error("""
                selection:
                    a: 'y'
                condition: selection and not filter
                """);
        assertThat(e.line()).isEqualTo(HEADER + 3);
        assertThat(e.message()).contains("unknown search identifier 'filter'");
        assertThat(e.file()).isEqualTo(RuleFixture.FILE);
    }

    @Test
    void patternMatchingNoIdentifier() {
        RuleError e = error("""
                selection:
                    a: 'y'
                condition: selection and not 1 of x*
                """);
        assertThat(e.line()).isEqualTo(HEADER + 3);
        assertThat(e.message()).contains("'1 of x*' matches no search identifier");
        // them with only underscore identifiers names nothing either
        RuleError none = error("""
                _only:
                    a: 'y'
                condition: 1 of them
                """);
        assertThat(none.line()).isEqualTo(HEADER + 3);
        assertThat(none.message()).contains("matches no search identifier");
    }

    @Test
    void unbalancedParentheses() {
        for (String c : List.of("(a and b", "a and b)", "((a or b) and c", "a and (b or c))", "()", ")a(")) {
            RuleError e = error("""
                    a:
                        a: 'y'
                    b:
                        b: 'y'
                    c:
                        c: 'y'
                    condition: %s
                    """.formatted(c));
            assertThat(e.line()).as(c).isEqualTo(HEADER + 7);
            assertThat(e.message()).as(c).startsWith("condition '" + c + "'");
        }
    }

    @Test
    void malformedConditions() {
        for (String c : List.of("a and", "a or or b", "not", "1 of", "all of (a)", "a b", "''", "and a")) {
            RuleError e = error("""
                    a:
                        a: 'y'
                    b:
                        b: 'y'
                    condition: %s
                    """.formatted(c));
            assertThat(e.line()).as(c).isEqualTo(HEADER + 5);
            assertThat(e.message()).as(c).contains("condition");
        }
    }

    @Test
    void errorInAConditionListNamesItsLine() {
        RuleError e = error("""
                a:
                    a: 'y'
                condition:
                    - a
                    - a and missing
                """);
        assertThat(e.line()).isEqualTo(HEADER + 5);
        assertThat(e.message()).contains("unknown search identifier 'missing'");
    }

    @Test
    void unknownModifier() {
        RuleError e = error("""
                selection:
                    EventID: 1
                    Image|endswit: '\\\\cmd.exe'
                condition: selection
                """);
        assertThat(e.line()).isEqualTo(HEADER + 3);
        assertThat(e.message()).contains("unknown modifier 'endswit'");
    }

    @Test
    void allWithOneValue() {
        // "Single item values are not allowed to have an `all` modifier as some back-ends cannot support it."
        RuleError single = error("""
                selection:
                    EventID: 1
                    CommandLine|contains|all: 'x'
                condition: selection
                """);
        assertThat(single.line()).isEqualTo(HEADER + 3);
        assertThat(single.message()).contains("'all' needs a list of values");
        RuleError listOfOne = error("""
                selection:
                    CommandLine|contains|all:
                        - 'x'
                condition: selection
                """);
        assertThat(listOfOne.line()).isEqualTo(HEADER + 2);
        assertThat(listOfOne.message()).contains("'all' needs a list of values");
        RuleError keywords = error("""
                keywords:
                    '|all':
                        - 'x'
                condition: keywords
                """);
        assertThat(keywords.line()).isEqualTo(HEADER + 2);
        assertThat(keywords.message()).contains("'all' needs a list of values");
    }

    @Test
    void nullInsideAList() {
        // "Also `null` cannot be part of a list of field values as it is its own type and therefore shares no type with any
        //  other value." (the specification's Invalid Example)
        RuleError e = error("""
                selection_main:
                    FieldA: 'something'
                    FieldB:
                        - ''
                        - null
                condition: selection_main
                """);
        assertThat(e.line()).isEqualTo(HEADER + 3);
        assertThat(e.message()).contains("null cannot be one of a list of values");
        RuleError keyword = error("""
                keywords:
                    - 'evil'
                    - null
                condition: keywords
                """);
        assertThat(keyword.line()).isEqualTo(HEADER + 3);
        assertThat(keyword.message()).contains("null");
    }

    @Test
    void invalidRegularExpression() {
        RuleError e = error("""
                selection:
                    EventID: 1
                    CommandLine|re: 'IEX (unclosed'
                condition: selection
                """);
        assertThat(e.line()).isEqualTo(HEADER + 3);
        assertThat(e.message()).startsWith("re: invalid regular expression 'IEX (unclosed'");
    }

    @Test
    void aBadRuleDoesNotStopTheOthersInTheFile() {
        // every rule that cannot be used is an error with file, line and reason; the others load
        String file = RuleFixture.text("""
                selection:
                    a: 'y'
                condition: selection and nope
                """) + "---\n" + RuleFixture.text("""
                selection:
                    a: 'y'
                condition: selection
                """);
        RuleLoader.Result r = RuleLoader.parse(RuleFixture.FILE, file, new FieldSlots(), Map.of());
        assertThat(r.rules()).hasSize(1);
        assertThat(r.errors()).hasSize(1);
        assertThat(r.errors().get(0).line()).isEqualTo(HEADER + 3);
    }
}
