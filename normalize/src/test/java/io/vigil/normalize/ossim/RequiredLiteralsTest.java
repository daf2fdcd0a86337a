package io.vigil.normalize.ossim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Required literals: what every match contains. They must never claim a literal a match may
 * lack (the engine skips a rule on a line without them).
 */
class RequiredLiteralsTest {

    private static List<String> literals(String python) throws RegexTranslationException {
        return PythonRegexTranslator.translate(python).requiredLiterals();
    }

    @Test
    void longestCertainRuns() throws Exception {
        assertThat(literals("abc")).containsExactly("abc");
        assertThat(literals("SSHD")).containsExactly("sshd");
        assertThat(literals("ab(c|d)ef")).containsExactly("ab", "ef");
        assertThat(literals("a(bc)?d")).containsExactly("a", "d");
        assertThat(literals("(?:foo|foobar)x")).containsExactly("foo", "x");
        assertThat(literals("(ab){2}c")).containsExactly("ababc");
        assertThat(literals("x(ab)+y")).containsExactly("aby", "xab");
        assertThat(literals("\\d+ sshd\\[\\d+\\]: Failed")).containsExactly("]: failed", " sshd[");
        assertThat(literals("[Aa]bc")).containsExactly("bc");
        assertThat(literals("[a]bc")).containsExactly("abc");
        assertThat(literals("x{0}y")).containsExactly("y");
        assertThat(literals("caf\u00e9 au lait")).containsExactly(" au lait", "caf");
        assertThat(literals("(?:error|warning): disk")).containsExactly(": disk");
        assertThat(literals("(?:fatal error|minor error): disk")).containsExactly(" error: disk");
        assertThat(literals("(?P<a>x)?(?(a)yes|no)")).isEmpty();
        assertThat(literals(".*")).isEmpty();
        assertThat(literals("a|b")).isEmpty();
        // anchors and look-arounds break runs but take nothing away
        assertThat(literals("^ab\\bcd$")).containsExactly("ab", "cd");
    }

    /** Every character Java's case-insensitive matching equates with an ASCII one folds alike. */
    @Test
    void caseFoldCoversJavasCaseInsensitiveMatching() {
        for (char p = 0x20; p < 0x7f; p++) {
            Matcher m = Pattern.compile(Pattern.quote(String.valueOf(p)), TranslatedRegex.JAVA_FLAGS).matcher("");
            String fp = CaseFold.fold(String.valueOf(p));
            for (int c = 0; c <= 0xFFFF; c++) {
                if (Character.isSurrogate((char) c)) {
                    continue;
                }
                String s = String.valueOf((char) c);
                if (m.reset(s).matches()) {
                    assertThat(CaseFold.fold(s)).as("U+%04X matches '%s'", c, p).isEqualTo(fp);
                }
            }
        }
        assertThat(CaseFold.fold("K\u212A\u017F\u0130\u0131")).isEqualTo("kksii");
    }

    /** Random patterns and texts: whenever a pattern matches, the text holds its literals. */
    @Test
    void neverClaimsWhatAMatchLacks() {
        Random rnd = new Random(20261125);
        int patterns = 0;
        long matches = 0;
        for (int i = 0; i < 4000; i++) {
            String py = randomPattern(rnd, 3);
            TranslatedRegex t;
            try {
                t = PythonRegexTranslator.translate(py);
            } catch (RegexTranslationException e) {
                continue;
            }
            patterns++;
            for (int j = 0; j < 80; j++) {
                String text = randomText(rnd);
                Matcher m = t.pattern().matcher(text);
                if (m.find()) {
                    matches++;
                    assertThat(CaseFold.containsAll(CaseFold.fold(text), t.requiredLiterals()))
                            .as("%s (java %s) literals %s on '%s'", py, t.java(), t.requiredLiterals(), text)
                            .isTrue();
                }
            }
        }
        assertThat(patterns).isGreaterThan(3000);
        assertThat(matches).isGreaterThan(10_000);
    }

    private static final String[] ATOMS = {"a", "b", "A", "B", "ab", "-", "k", "\\d", "\\s", "[ab]", "[^a]", ".",
        "\\.", "x", "\u212A"};

    static String randomPattern(Random r, int depth) {
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(4);
        List<String> named = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String atom;
            int k = r.nextInt(10);
            if (depth > 0 && k < 2) {
                atom = "(?:" + randomPattern(r, depth - 1) + ")";
            } else if (depth > 0 && k == 2) {
                atom = "(" + randomPattern(r, depth - 1) + "|" + randomPattern(r, depth - 1) + ")";
            } else if (depth > 0 && k == 3) {
                String name = "g" + depth + "_" + i;
                named.add(name);
                atom = "(?P<" + name + ">" + randomPattern(r, depth - 1) + ")";
            } else if (k == 4 && !named.isEmpty()) {
                atom = "(?(" + named.get(r.nextInt(named.size())) + ")" + ATOMS[r.nextInt(ATOMS.length)] + "|"
                        + ATOMS[r.nextInt(ATOMS.length)] + ")";
            } else {
                atom = ATOMS[r.nextInt(ATOMS.length)];
            }
            b.append(atom);
            switch (r.nextInt(9)) {
                case 0 -> b.append('?');
                case 1 -> b.append('*');
                case 2 -> b.append('+');
                case 3 -> b.append("{2}");
                case 4 -> b.append("{1,2}");
                case 5 -> b.append("??");
                default -> { }
            }
        }
        return b.toString();
    }

    static String randomText(Random r) {
        String alphabet = "abABkK-. 1x\u212A\u017F";
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
