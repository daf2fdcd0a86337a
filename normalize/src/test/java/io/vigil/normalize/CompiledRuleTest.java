package io.vigil.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompiledRuleTest {
    @Test
    void containsIgnoreCaseFindsWhatALowerCasedCopyWould() {
        // On Latin-1 lines (the engine searches others lower-cased) the rule prefilter must
        // agree with comparing lower-cased text: a miss would skip a rule that matches.
        Random rnd = new Random(11);
        String alphabet = "abkAKB xy[]:=éÉÿµßiI";
        for (int round = 0; round < 5_000; round++) {
            String literal = random(rnd, alphabet, 1 + rnd.nextInt(3)).toLowerCase(Locale.ROOT);
            String line = random(rnd, alphabet, rnd.nextInt(40));
            assertThat(CompiledRule.containsIgnoreCase(line, literal)).as("'%s' in '%s'", literal, line)
                    .isEqualTo(line.toLowerCase(Locale.ROOT).contains(literal));
        }
    }

    @Test
    void findsLiteralsAnywhereInAnyCase() {
        assertThat(CompiledRule.containsIgnoreCase("Accepted PASSWORD for root", "password")).isTrue();
        assertThat(CompiledRule.containsIgnoreCase("Accepted PASSWORD for root", "root")).isTrue();
        assertThat(CompiledRule.containsIgnoreCase("Accepted PASSWORD for roo", "root")).isFalse();
        assertThat(CompiledRule.containsIgnoreCase("", "a")).isFalse();
    }

    private static String random(Random rnd, String alphabet, int len) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        return b.toString();
    }
}
