package io.vigil.normalize.ossim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * Repeats made possessive must change no match: random patterns in the shapes plugins use,
 * translated with and without the optimization, searched on random text, must give the same
 * spans for every group. The seed is printed with any failure.
 */
class AutoPossessiveTest {
    private static final String[] ATOMS = {"\\S+", "\\s+", "\\d+", "\\w+", "\\d{1,3}", "\\w{3}", "[^:]+", "[^/\\s]+", ".*", ".+?",
            "\\s*", ":", "\\.", "x", "X", "from", " ", "(?P<a>\\S+)", "(?:\\d+\\.)+", "(\\w+:)?", "(?:ab|\\d)", "[\\d\\w]+",
            "\\]", "\\[", "(?=\\d)", "\\b", "$", "-?", "[a-z]+", "\\W+", "\\D+", "(?P<b>.*?)", "[A-Z]{2,}", "[-\\w]*"};
    private static final String ALPHABET = "ab xX:19.2é\u00a0\u2003-][/\u017fK\u212a\t";

    private static TranslatedRegex tr(String python, boolean optimized) {
        try {
            return PythonRegexTranslator.translate(python, optimized);
        } catch (RegexTranslationException e) {
            throw new AssertionError(python, e);
        }
    }

    @Test
    void possessiveRepeatsFindWhatGreedyOnesFind() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        int changed = 0;
        for (int p = 0; p < 1500; p++) {
            StringBuilder b = new StringBuilder();
            for (int n = 1 + rnd.nextInt(5); n > 0; n--) b.append(ATOMS[rnd.nextInt(ATOMS.length)]);
            String python = b.toString();
            if (python.indexOf("?P<a>") != python.lastIndexOf("?P<a>") || python.indexOf("?P<b>") != python.lastIndexOf("?P<b>")) continue;
            TranslatedRegex plain = tr(python, false);
            TranslatedRegex fast = tr(python, true);
            if (!plain.java().equals(fast.java())) changed++;
            for (int k = 0; k < 30; k++) {
                String text = text(rnd);
                Matcher expected = plain.pattern().matcher(text);
                Matcher actual = fast.pattern().matcher(text);
                String where = "seed " + seed + ": " + python + " as " + fast.java() + " on '" + text + "'";
                boolean found = expected.find();
                assertThat(actual.find()).as(where).isEqualTo(found);
                if (!found) continue;
                for (int g = 0; g <= expected.groupCount(); g++) {
                    assertThat(actual.start(g)).as(where + " group " + g).isEqualTo(expected.start(g));
                    assertThat(actual.end(g)).as(where + " group " + g).isEqualTo(expected.end(g));
                }
            }
        }
        assertThat(changed).as("patterns the optimization changed (seed %d)", seed).isGreaterThan(300);
    }

    @Test
    void onlyRepeatsWhoseNextCharacterTheyCannotTakeBecomePossessive() {
        assertThat(tr("\\S+\\s+\\d+:", true).java()).contains("])++").contains("\\p{Nd})++");
        assertThat(tr("\\d+\\.\\d+", true).java()).startsWith("(?-i:\\p{Nd})++\\.");
        assertThat(tr("\\w+x", true).java()).doesNotContain("++");  // x is a word character
        assertThat(tr("\\S+:", true).java()).doesNotContain("++");   // so is ':' for \S
        assertThat(tr("[a-z]+K", true).java()).doesNotContain("++"); // case-insensitive: K is in [a-z]
        assertThat(tr("[a-z]+\u212a", true).java()).doesNotContain("++"); // the Kelvin sign folds onto k
        assertThat(tr("\\d+(?=x)", true).java()).doesNotContain("++"); // lookarounds are not analysed
        assertThat(tr("\\d+\\s?\\d", true).java()).doesNotContain("\\p{Nd})++"); // \s? may be skipped
        assertThat(tr("(\\w+)$", true).java()).doesNotContain("++");
        assertThat(tr("(?P<user>\\w+)", true).java()).contains("++"); // the end of the match follows
    }

    private static String text(Random rnd) {
        int n = rnd.nextInt(24);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(10) == 0) b.append("from ");
            else b.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
