package io.vigil.normalize.ossim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link TranslatedRegex#search} runs a pattern with {@link StartClasses} only at positions
 * where they pass; it must find exactly what {@link java.util.regex.Matcher#find()} finds: same span, same
 * groups. Random patterns that begin with the shapes plugins begin with (dates, fixed runs of
 * classes, literals, groups), on random text, with a printed seed.
 */
class StartClassesTest {
    private static final String[] HEADS = {"\\w{3}\\s+\\d{1,2}\\s\\d\\d:", "(?P<date>\\w{3}\\s+\\d{1,2})\\s", "\\d\\d:\\d\\d", "%ASA-\\d-",
            "(?:ab)\\d", "\\w{2}x", "[a-c]{2}\\s", "(?P<a>x)(?P<b>\\d)", "\\d{4}-", "é\\d", "[^ ]{2}:"};
    private static final String[] REST = {"\\s+", "\\d+", ":", "\\S+", "from", "(?P<ip>\\d{1,3}\\.\\d{1,3})", "\\s", "x", "\\w{2}",
            "(?:a|bc)", "(?=\\d)", "(?<=:)", "\\b", "$", "[^ ]*", ".*?", "(?P<tail>.+)", "\\]", "é", "\\1"};
    private static final String ALPHABET = "abcx AX:1902.é\u00a0\u2003-]%S\nZ";

    @Test
    void searchFindsWhatFindFinds() throws Exception {
        SearchAgreement.assertOnRandomPatterns(StartClassesTest::pattern, StartClassesTest::text, t -> t.startClasses() != null, "start classes");
    }

    @Test
    void onlyCertainFirstCharactersThatSelectWellCount() throws Exception {
        // OSSIM's syslog date: word, word, word, space
        StartClasses date = PythonRegexTranslator.translate("(?P<date>\\w{3}\\s+\\d{1,2}\\s\\d\\d:\\d\\d:\\d\\d)\\s+(?P<device>\\S+)").startClasses();
        assertThat(date).isNotNull();
        assertThat(date.length()).isEqualTo(4);
        assertThat(date.mayStartAt("Feb 20 12:31:11", 0)).isTrue();
        assertThat(date.mayStartAt("date=2011-02-20", 0)).isFalse();
        assertThat(date.mayStartAt("Fév 20", 0)).isTrue(); // é is a word character
        assertThat(date.mayStartAt("F\u0100b 20", 0)).isTrue(); // beyond 256: left to the regexp
        // a character beyond the BMP is two chars for one class: what follows it is left to the regexp
        TranslatedRegex wide = PythonRegexTranslator.translate("[^a]\\w\\d+");
        assertThat(wide.startClasses()).isNotNull();
        assertThat(wide.search("a\uD835\uDFCEk1.0").start()).isEqualTo(1);
        // case-insensitive, as plugin regexps are
        assertThat(PythonRegexTranslator.translate("%ASA-\\d").startClasses().mayStartAt("%asa-6", 0)).isTrue();
        // none: a leading run (LeadingRun's), alternation, an optional or unbounded first item, anchors, too broad
        assertThat(PythonRegexTranslator.translate("\\S+\\s\\d").startClasses()).isNull();
        assertThat(PythonRegexTranslator.translate("ab|cd").startClasses()).isNull();
        assertThat(PythonRegexTranslator.translate("(ab)?cd").startClasses()).isNull();
        assertThat(PythonRegexTranslator.translate("^abc").startClasses()).isNull();
        assertThat(PythonRegexTranslator.translate("\\w\\S").startClasses()).isNull();
        assertThat(PythonRegexTranslator.translate(".{3}x").startClasses()).isNull();
    }

    private static String pattern(Random rnd) {
        StringBuilder b = new StringBuilder(HEADS[rnd.nextInt(HEADS.length)]);
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) b.append(REST[rnd.nextInt(REST.length)]);
        return b.toString();
    }

    private static String text(Random rnd) {
        int n = rnd.nextInt(40);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            switch (rnd.nextInt(12)) {
                case 0 -> b.append("Feb 20 12:31:11 ");
                case 1 -> b.append("%ASA-6-302013: ");
                default -> b.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
            }
        }
        return b.toString();
    }
}
