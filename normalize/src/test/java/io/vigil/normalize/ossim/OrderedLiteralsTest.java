package io.vigil.normalize.ossim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Ordered literals: what every match holds, in order. The engine skips a rule on a line that
 * lacks them in that order, so they must never claim an order a match does not have; the
 * random tests check that against Java's own matching.
 */
class OrderedLiteralsTest {

    private static List<String> items(String python) throws RegexTranslationException {
        return PythonRegexTranslator.translate(python).orderedLiterals().stream()
                .map(i -> i.length == 1 ? i[0] : Arrays.toString(i)).toList();
    }

    private static boolean mayMatch(String python, String text) throws RegexTranslationException {
        return PythonRegexTranslator.translate(python).mayMatchFolded(CaseFold.fold(text));
    }

    @Test
    void literalsInTheirOrder() throws Exception {
        assertThat(items("devname=(?P<d>\\S+).*?\\s+type=(?P<t>\\S+).*?service=(?P<s>\\S+)\\s+proto="))
                .containsExactly("devname=", "type=", "service=", "proto=");
        // a repeat's first time follows what precedes it; optional items and classes are gaps
        assertThat(items("Log(?:in)+ from (x)? user")).containsExactly("login", " from ", " user");
        assertThat(items("a[b]c\\d+D")).containsExactly("abc", "d");
        // an alternation of literals is one item of alternatives; any other is a gap
        assertThat(items(": (response|command): Client")).containsExactly(": ", "[response, command]", ": client");
        assertThat(items("x(?:ab|c\\d)y")).containsExactly("x", "y");
        // no more than the required literals would say: nothing
        assertThat(items("abc")).isEmpty();
        assertThat(items("\\d+abc\\s")).isEmpty();
        assertThat(items("(?:ok|fail)")).containsExactly("[ok, fail]");
    }

    @Test
    void aLineWithTheLiteralsOutOfOrderIsRuledOut() throws Exception {
        String fortigate = "devname=(?P<d>\\S+).*?type=(?P<t>\\S+).*?service=(?P<s>\\S+)\\s+proto=(?P<p>\\S+)";
        assertThat(mayMatch(fortigate, "devname=fw type=traffic proto=6 service=HTTP")).isFalse();
        assertThat(mayMatch(fortigate, "DEVNAME=fw TYPE=traffic SERVICE=HTTP PROTO=6")).isTrue();
        // items do not overlap: "type=" inside "subtype=" counts, but only after devname=
        assertThat(mayMatch(fortigate, "subtype=x devname=fw service=a proto=b")).isFalse();
        assertThat(mayMatch(fortigate, "devname=fw subtype=x service=a proto=b")).isTrue();
        assertThat(mayMatch("(?:response|command): Client", "OK UPLOAD: Client")).isFalse();
        assertThat(mayMatch("(?:response|command): Client", "x COMMAND: client")).isTrue();
        // the long s folds onto s, as the regexp matches it
        assertThat(mayMatch("pass.*word", "pa\u017F\u017F word")).isTrue();
    }

    /**
     * Random patterns and texts: whenever a pattern matches, the folded text holds its items in
     * order. A fixed seed, as in RequiredLiteralsTest: some random patterns backtrack
     * exponentially (nested repeats), and Java's find() on them may not end in a test's time.
     */
    @Test
    void neverClaimsAnOrderAMatchLacks() {
        long seed = 20261205;
        Random rnd = new Random(seed);
        int withItems = 0;
        long matches = 0;
        for (int i = 0; i < 6000; i++) {
            String py = RequiredLiteralsTest.randomPattern(rnd, 3);
            TranslatedRegex t;
            try {
                t = PythonRegexTranslator.translate(py);
            } catch (RegexTranslationException e) {
                continue;
            }
            if (!t.orderedLiterals().isEmpty()) withItems++;
            for (int j = 0; j < 80; j++) {
                String text = RequiredLiteralsTest.randomText(rnd);
                if (t.pattern().matcher(text).find()) {
                    matches++;
                    assertThat(t.mayMatchFolded(CaseFold.fold(text)))
                            .as("seed %d: %s (java %s) items %s on '%s'", seed, py, t.java(),
                                    t.orderedLiterals().stream().map(Arrays::toString).toList(), text)
                            .isTrue();
                }
            }
        }
        assertThat(withItems).as("patterns with ordered literals").isGreaterThan(1000);
        assertThat(matches).isGreaterThan(10_000);
    }
}
