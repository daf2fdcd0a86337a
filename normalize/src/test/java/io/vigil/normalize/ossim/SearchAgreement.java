package io.vigil.normalize.ossim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;

/** What the tests of {@link TranslatedRegex#search}'s shortcuts check: it finds what {@link Matcher#find()} finds. */
final class SearchAgreement {
    private SearchAgreement() {}

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
