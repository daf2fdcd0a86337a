package io.vigil.sigma.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The backtracking-free glob against java.util.regex on random patterns and texts, in both of its modes. */
class GlobTest {
    private static final String ALPHABET = "abAB?* -=";

    @Test
    void agreesWithARegularExpressionOnRandomPatternsAndTexts() {
        Random r = new Random(20261202);
        for (int n = 0; n < 20_000; n++) {
            String pattern = random(r, 1 + r.nextInt(8), ALPHABET);
            String text = random(r, r.nextInt(14), "abAB -?*=");
            Glob g = Glob.of(pattern, true);
            boolean expected = regex(pattern).matcher(text).matches();
            assertThat(g.matchesIgnoreCase(text)).as("'%s' ~ '%s'", pattern, text).isEqualTo(expected);
            assertThat(g.matches(text.toLowerCase())).as("'%s' ~ lowered '%s'", pattern, text).isEqualTo(expected);
        }
    }

    private static Pattern regex(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    private static String random(Random r, int len, String alphabet) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return b.toString();
    }
}
