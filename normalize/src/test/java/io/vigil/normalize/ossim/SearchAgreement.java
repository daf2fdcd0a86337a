package io.vigil.normalize.ossim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;

/** What the tests of {@link TranslatedRegex#search}'s shortcuts check: it finds what {@link Matcher#find()} finds. */
final class SearchAgreement {
    private SearchAgreement() {}

    /**
     * 600 random patterns (those the translator refuses are skipped), each searched in 40 random
     * texts, with a seed printed on failure; at least 200 of the patterns must have the shortcut
     * under test ({@code shortcut}), or the check would prove nothing about it.
     */
    static void assertOnRandomPatterns(Function<Random, String> pattern, Function<Random, String> text,
                                       Predicate<TranslatedRegex> shortcut, String shortcutName) throws RegexTranslationException {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        int withShortcut = 0;
        for (int p = 0; p < 600; p++) {
            String python = pattern.apply(rnd);
            TranslatedRegex t;
            try {
                t = PythonRegexTranslator.translate(python);
            } catch (RegexTranslationException e) {
                continue;
            }
            if (shortcut.test(t)) withShortcut++;
            for (int k = 0; k < 40; k++) {
                String s = text.apply(rnd);
                assertSearchFindsWhatFindFinds(t, s, "seed " + seed + ": " + python + " on '" + s.replace("\n", "\\n") + "'");
            }
        }
        assertThat(withShortcut).as("patterns with %s (seed %d)", shortcutName, seed).isGreaterThan(200);
    }

    /** Same match or none, same span, same groups; {@code where} names the seed, pattern and text. */
    static void assertSearchFindsWhatFindFinds(TranslatedRegex t, String text, String where) {
        Matcher expected = t.pattern().matcher(text);
        Matcher actual = t.search(text);
        if (!expected.find()) {
            assertThat(actual).as(where).isNull();
            return;
        }
        assertThat(actual).as(where).isNotNull();
        for (int g = 0; g <= expected.groupCount(); g++) {
            assertThat(actual.start(g)).as(where + " group " + g + " start").isEqualTo(expected.start(g));
            assertThat(actual.end(g)).as(where + " group " + g + " end").isEqualTo(expected.end(g));
        }
    }
}
