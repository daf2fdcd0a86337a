package io.vigil.normalize.ossim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link TranslatedRegex#search} skips start positions for patterns that begin with a run;
 * it must find exactly what {@link java.util.regex.Matcher#find()} finds: same span, same groups. Random
 * patterns built from the shapes plugins use, on random text, with a printed seed.
 */
class LeadingRunTest {
    private static final String[] RUNS = {"\\S+", "\\S*", "\\w+", "\\w*?", "\\d+", ".*", ".+?", "[^:]+", "[a-z]+", "\\s*", "[\\w.-]+", "(?:\\S+)"};
    private static final String[] REST = {"\\s+", "\\d+", ":", "\\S+", "from", "(?P<ip>\\d{1,3}\\.\\d{1,3})", "\\s", "x", "\\w{2}",
            "(?:a|bc)", "(?=\\d)", "(?<=:)", "\\b", "$", "[^ ]*", ".*?", "(?P<tail>.+)", "\\]", "é"};
    private static final String ALPHABET = "ab x:19.2é\u00a0\u2003-]\nZ";

    @Test
    void searchFindsWhatFindFinds() throws Exception {
        SearchAgreement.assertOnRandomPatterns(LeadingRunTest::pattern, LeadingRunTest::text, t -> t.leadingRun() != null, "a leading run");
    }

    /** find() never starts between the halves of a character beyond the BMP; neither does a search. */
    @Test
    void noMatchStartsInsideACharacterBeyondTheBmp() throws Exception {
        TranslatedRegex t = PythonRegexTranslator.translate("(?P<g>[a-z]*\\W{2})");
        assertThat(t.leadingRun()).isNotNull();
        assertThat(t.pattern().matcher(":\uD835\uDFCE K").find()).isFalse();
        assertThat(t.search(":\uD835\uDFCE K")).isNull();
    }

    @Test
    void onlyUnboundedRunsAtTheStartOfEveryBranchCount() throws Exception {
        assertThat(PythonRegexTranslator.translate("(?P<date>\\S+)\\s+x").leadingRun()).isNotNull();
        assertThat(PythonRegexTranslator.translate("((\\w+):)\\d").leadingRun()).isNotNull();
        assertThat(PythonRegexTranslator.translate("\\w{3}\\s").leadingRun()).isNull();
        assertThat(PythonRegexTranslator.translate("\\S+|x").leadingRun()).isNull();
        assertThat(PythonRegexTranslator.translate("(\\S+) \\1").leadingRun()).isNull();
        assertThat(PythonRegexTranslator.translate("^\\S+").leadingRun()).isNull();
        assertThat(PythonRegexTranslator.translate("(\\S+ )?x").leadingRun()).isNull();
    }

    private static String pattern(Random rnd) {
        StringBuilder b = new StringBuilder();
        String run = RUNS[rnd.nextInt(RUNS.length)];
        b.append(rnd.nextBoolean() ? "(?P<lead>" + run + ")" : run);
        int n = 1 + rnd.nextInt(4);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) parts.add(REST[rnd.nextInt(REST.length)]);
        for (String s : parts) b.append(s);
        return b.toString();
    }

    private static String text(Random rnd) {
        int n = rnd.nextInt(30);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(8) == 0) b.append("from ");
            else b.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
