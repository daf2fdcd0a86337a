package io.vigil.normalize.ossim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * Outlines ({@link LineShape}): what every match of a pattern looks like with digits as
 * {@code 0}, letters as {@code a}, spaces as one space and runs as one. The engine skips a rule
 * on a line whose outline lacks its pattern's, so an outline must never claim what a match
 * lacks; the random tests check that against Java's own {@link Matcher#find()}.
 */
class LineShapeTest {

    private static List<String> shapes(String python) throws RegexTranslationException {
        return PythonRegexTranslator.translate(python).requiredShapes();
    }

    @Test
    void aLineInOutline() {
        assertThat(LineShape.of("Dec  4 05:30:01 10.1.2.3 dovecot: Login")).isEqualTo("a 0 0:0:0 0.0.0.0 a: a");
        assertThat(LineShape.of("Dec 4 05:30:01 web-01 sshd[42]: from 10.1.2.3")).isEqualTo("a 0 0:0:0 a-0 a[0]: a 0.0.0.0");
        // any script's letters and digits, any white space, characters beyond the BMP as one
        assertThat(LineShape.of("Fév\u00a0\u0663\u2003\uD835\uDC00\uD835\uDFCE\t::")).isEqualTo("a 0 a0 :");
        assertThat(LineShape.of("")).isEmpty();
    }

    @Test
    void whatEveryMatchLooksLike() throws Exception {
        // BlueCoat: the syslog host must be an address
        assertThat(shapes("(\\S+\\s+\\d+\\s+\\d\\d:\\d\\d:\\d\\d)\\s+(?P<src_ip>\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3})\\s+(?P<dev>\\w+:)"))
                .containsExactly(" 0 0:0:0 0.0.0.0 ");
        // Dovecot: and then the program
        assertThat(shapes("(?P<date>\\w+\\s+\\d{1,2}\\s+\\d{1,2}:\\d{1,2}:\\d{1,2})\\s+(?P<sensor>\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3})\\s+dovecot:.+(?P<type>Login|Disconnected):"))
                .containsExactly(" 0 0:0:0 0.0.0.0 a:");
        assertThat(shapes("\\d{4}-\\d\\d-\\d\\dT")).containsExactly("0-0-0a");
        assertThat(shapes("(\\d+\\.){3}\\d+")).containsExactly("0.0.0.0");
        assertThat(shapes("x(\\d\\.)+y")).containsExactly("0.a", "a0.");
        assertThat(shapes("\\[(\\d+):(\\d+)\\]")).containsExactly("[0:0]");
        // zero-width items take nothing away
        assertThat(shapes("^\\d+\\b:(?=x)\\d+$")).containsExactly("0:0");
        // what ends a run: classes of several symbols, optional items, wildcards, back-references
        assertThat(shapes("\\d+\\w\\d+:\\d")).containsExactly("0:0");
        assertThat(shapes("\\d\\S\\d")).isEmpty();
        assertThat(shapes("\\d[0-9a-f]\\d")).isEmpty();
        assertThat(shapes("\\d[^a]\\d")).isEmpty();
        assertThat(shapes("\\d(:)?\\d")).isEmpty();
        assertThat(shapes("(?P<a>\\d)(?P=a):\\d")).isEmpty();
        // alternatives: what they share
        assertThat(shapes("(?:\\d+:\\d+|\\d:\\d:\\d)-")).containsExactly("0:0-");
        // nearly every line has these: not kept
        assertThat(shapes("\\w+ \\w+ [a-z]+")).isEmpty();
        assertThat(shapes("a:")).isEmpty();
    }

    /** Random patterns and texts: whenever a pattern matches, the text's outline holds the pattern's. */
    @Test
    void neverClaimsWhatAMatchLacks() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        int withShapes = 0;
        long matches = 0;
        for (int i = 0; i < 4000; i++) {
            String py = pattern(rnd, 2);
            TranslatedRegex t;
            try {
                t = PythonRegexTranslator.translate(py);
            } catch (RegexTranslationException e) {
                continue;
            }
            if (!t.requiredShapes().isEmpty()) withShapes++;
            for (int j = 0; j < 60; j++) {
                String text = text(rnd);
                if (t.pattern().matcher(text).find()) {
                    matches++;
                    assertThat(t.mayMatch(LineShape.of(text)))
                            .as("seed %d: %s (java %s) outlines %s on '%s' (outline '%s')", seed, py, t.java(), t.requiredShapes(), text, LineShape.of(text))
                            .isTrue();
                }
            }
        }
        assertThat(withShapes).as("patterns with outlines (seed %d)", seed).isGreaterThan(800);
        assertThat(matches).as("matches (seed %d)", seed).isGreaterThan(10_000);
    }

    @Test
    void searchFindsWhatFindFinds() throws Exception {
        SearchAgreement.assertOnRandomPatterns(r -> OUTLINED[r.nextInt(OUTLINED.length)] + pattern(r, 2), LineShapeTest::text, t -> !t.requiredShapes().isEmpty(), "outlines");
    }

    private static final String[] ATOMS = {"a", "B", "k", "1", "\\d", "\\s", " ", ":", "\\.", "-", "[0-9]", "[a-z]", "[ab]", "[^a]",
        "[\\d:]", ".", "\\S", "\\w", "\\W", "\\b", "^", "$", "(?=\\d)", "(?<!:)", "\u0663", "\u212A", "\u00e9"};

    /** Pieces with an outline of their own, as plugins' dates, addresses and ids have. */
    private static final String[] OUTLINED = {"\\d+:\\d+", "\\d{1,3}\\.\\d{1,3}", "\\s+\\d+-", "\\[\\d+\\]", ":\\d\\d:", "\\d\\d:\\d"};

    private static String pattern(Random r, int depth) {
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(5);
        List<String> named = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String atom;
            int k = r.nextInt(12);
            if (depth > 0 && k < 2) {
                atom = "(?:" + pattern(r, depth - 1) + ")";
            } else if (depth > 0 && k == 2) {
                atom = "(" + pattern(r, depth - 1) + "|" + pattern(r, depth - 1) + ")";
            } else if (depth > 0 && k == 3) {
                String name = "g" + depth + "_" + i;
                named.add(name);
                atom = "(?P<" + name + ">" + pattern(r, depth - 1) + ")";
            } else if (k == 4 && !named.isEmpty()) {
                atom = r.nextBoolean() ? "(?P=" + named.get(r.nextInt(named.size())) + ")"
                        : "(?(" + named.get(r.nextInt(named.size())) + ")" + ATOMS[r.nextInt(ATOMS.length)] + "|" + ATOMS[r.nextInt(ATOMS.length)] + ")";
            } else if (k < 8) {
                atom = OUTLINED[r.nextInt(OUTLINED.length)];
            } else {
                atom = ATOMS[r.nextInt(ATOMS.length)];
            }
            b.append(atom);
            switch (r.nextInt(10)) {
                case 0 -> b.append('?');
                case 1 -> b.append('*');
                case 2, 3 -> b.append('+');
                case 4 -> b.append("{2}");
                case 5 -> b.append("{1,3}");
                case 6 -> b.append("+?");
                default -> { }
            }
        }
        return b.toString();
    }

    /**
     * Digits, letters and spaces of several scripts, case pairs Java equates with ASCII letters,
     * characters beyond the BMP; short, as nested repeats backtrack exponentially on failing text.
     */
    private static String text(Random r) {
        String[] alphabet = {"a", "B", "k", "K", "\u212A", "\u017F", "1", "0", "\u0663", ":", ".", "-", " ", "\t", "\u00a0", "\u2003", "\u00e9",
            "_", "\uD835\uDC00", "\uD835\uDFCE", "\uD83D\uDE00", "0:01", "1.0", "[12]", " 3-", "01:2"};
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) b.append(alphabet[r.nextInt(alphabet.length)]);
        return b.toString();
    }
}
