package io.vigil.normalize.ossim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MatchPrefilterTest {
    static TranslatedRegex withDfa(String python) throws RegexTranslationException {
        TranslatedRegex t = PythonRegexTranslator.translate(python);
        t.prefilter().buildOnce();
        return t;
    }

    @Test
    void rulesOutALineWhereOnlyTheRegexpsLiteralIsAndLetsTheRightLineThrough() throws Exception {
        TranslatedRegex t = withDfa("(?P<date>\\w{3}\\s+\\d{1,2}\\s\\d\\d:\\d\\d:\\d\\d)\\s+(?P<device>\\S+)\\s.*?logid=\\d{4}0*(?P<logid>\\d+)\\s");
        assertThat(t.prefilter().built()).isTrue();
        String quoted = "Dec  3 12:31:24 fw1 app: date=2024-10-14 time=13:46:53 logid=\"0100032001\" type=\"event\" subtype=\"system\"";
        String bare = "Dec  3 12:31:24 fw1 app: date=2024-10-14 time=13:46:53 logid=0100032001 type=event subtype=system";
        assertThat(t.search(quoted, true)).isNull();
        assertThat(t.mayMatchLatin1(quoted)).isFalse();
        assertThat(t.search(bare, true)).isNotNull();
        assertThat(t.mayMatchLatin1(bare)).isTrue();
        // case-insensitive, as the regexp is
        assertThat(t.mayMatchLatin1(bare.replace("logid", "LOGID"))).isTrue();
    }

    @Test
    void anchorsLookaroundsAndBackreferencesAreReadLooselyNeverRuleOutAMatch() throws Exception {
        TranslatedRegex t = withDfa("^(?P<w>\\w+) (?=said)said (?P=w)\\b");
        assertThat(t.mayMatchLatin1("bob said bob")).isTrue();
        assertThat(t.search("bob said bob", true)).isNotNull();
        assertThat(t.mayMatchLatin1("bob told bob")).isFalse();
    }

    @Test
    void withoutItsDfaAPatternMayMatchEverything() throws Exception {
        TranslatedRegex t = PythonRegexTranslator.translate("logid=\\d{4}");
        assertThat(t.prefilter().built()).isFalse();
        assertThat(t.mayMatchLatin1("nothing like it")).isTrue();
        for (int i = 0; i < MatchPrefilter.FAILURES_BEFORE_BUILDING; i++) t.failedOnLatin1();
        assertThat(t.prefilter().built()).isTrue();
        assertThat(t.mayMatchLatin1("nothing like it")).isFalse();
    }

    /** Random patterns and Latin-1 texts: whenever the pattern matches, the DFA says it may; and it rules out many that do not. */
    @Test
    void neverRulesOutAMatchAndRulesOutMostMisses() {
        Random rnd = new Random(20261203);
        long matches = 0;
        long misses = 0;
        long ruledOut = 0;
        int patterns = 0;
        for (int i = 0; i < 3000; i++) {
            String py = randomPattern(rnd, 3);
            TranslatedRegex t;
            try {
                t = withDfa(py);
            } catch (RegexTranslationException e) {
                continue;
            }
            if (!t.prefilter().built()) continue;
            patterns++;
            for (int j = 0; j < 60; j++) {
                String text = randomText(rnd);
                boolean may = t.mayMatchLatin1(text);
                if (t.search(text, true) != null) {
                    matches++;
                    assertThat(may).as("%s (java %s) on '%s'", py, t.java(), text).isTrue();
                } else {
                    misses++;
                    if (!may) ruledOut++;
                }
            }
        }
        assertThat(patterns).isGreaterThan(1200);
        assertThat(matches).isGreaterThan(10_000);
        assertThat(ruledOut).as("misses ruled out of %d", misses).isGreaterThan(misses / 2);
    }

    private static final String[] ATOMS = {"a", "b", "A", "k", "K", "\u212A", "\u017F", "s", "-", "=", "\\d", "\\w", "\\s", "\\S",
        "[ab]", "[^a]", ".", "\\.", "x", "\\bx", "^a", "b$", "é", "É", "(?=a)", "(?!b)"};

    private static String randomPattern(Random r, int depth) {
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            String atom;
            int k = r.nextInt(10);
            if (depth > 0 && k < 2) atom = "(?:" + randomPattern(r, depth - 1) + ")";
            else if (depth > 0 && k == 2) atom = "(" + randomPattern(r, depth - 1) + "|" + randomPattern(r, depth - 1) + ")";
            else if (depth > 0 && k == 3) atom = "(?P<g" + depth + "_" + i + ">" + randomPattern(r, depth - 1) + ")(?P=g" + depth + "_" + i + ")?";
            else atom = ATOMS[r.nextInt(ATOMS.length)];
            b.append(atom);
            switch (r.nextInt(9)) {
                case 0 -> b.append('*');
                case 1 -> b.append('+');
                case 2 -> b.append('?');
                case 3 -> b.append("{1,3}");
                case 4 -> b.append("*?");
                case 5 -> b.append("{2}");
                default -> { }
            }
        }
        return b.toString();
    }

    private static final String TEXT_CHARS = "abABkKsS-= .x\tè1é2É9_";

    private static String randomText(Random r) {
        int n = r.nextInt(12);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) b.append(TEXT_CHARS.charAt(r.nextInt(TEXT_CHARS.length())));
        return b.toString();
    }
}
