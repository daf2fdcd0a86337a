package io.vigil.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.normalize.ossim.CaseFold;
import io.vigil.normalize.ossim.TranslatedRegex;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LiteralIndexTest {
    @Test
    void findsEveryLiteralCaseInsensitivelyIncludingOverlaps() {
        LiteralIndex idx = LiteralIndex.of(List.of("sshd[", "Failed password", "pass", "word", "", "ÉTÉ"));
        BitSet found = new BitSet();
        idx.scan("Nov 25 10:00:00 h sshd[12]: FAILED PASSWORD for root été", found);
        assertThat(found.stream().boxed().toList()).containsExactly(0, 1, 2, 3, 5);
    }

    @Test
    void everyCharacterFoldsAsARegexpComparesIt() {
        // A literal "x?y" for every printable ASCII ?, and each character of the BMP between x and
        // y: the literals it folds onto are found (the Kelvin sign is k, the long s is s), none
        // when it folds onto nothing ASCII; and every literal a rule's regexp would match there
        // is among them (a miss would let "Failed pa\u017F\u017Fword" past a rule that matches it).
        List<String> lits = new ArrayList<>();
        List<Pattern> regexps = new ArrayList<>();
        for (char c = 0x20; c < 0x7F; c++) {
            lits.add("x" + c + "y");
            regexps.add(Pattern.compile(Pattern.quote("x" + c + "y"), TranslatedRegex.JAVA_FLAGS));
        }
        LiteralIndex idx = LiteralIndex.of(lits);
        for (char c = 0x80; c != 0; c++) {
            BitSet found = new BitSet();
            String text = "x" + c + "y";
            idx.scan(text, found);
            String folded = CaseFold.fold(String.valueOf(c));
            List<Integer> expected = new ArrayList<>(); // literals are folded too: "xKy" and "xky" alike
            for (int i = 0; i < lits.size(); i++) if (folded.length() == 1 && folded.charAt(0) < 0x80 && CaseFold.fold(lits.get(i)).charAt(1) == folded.charAt(0)) expected.add(i);
            assertThat(found.stream().boxed().toList()).as("U+%04X", (int) c).isEqualTo(expected);
            for (int i = 0; i < lits.size(); i++) {
                if (regexps.get(i).matcher(text).find()) assertThat(found.get(i)).as("U+%04X matched by %s", (int) c, lits.get(i)).isTrue();
            }
        }
    }

    @Test
    void agreesWithContainsOnRandomText() {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        for (int round = 0; round < 2000; round++) {
            // a small alphabet in some rounds, so that long literals occur; a wide one in others
            String alphabet = round % 2 == 0 ? "abAB \u212A[é" : "abcAB xyz[]:=é€K";
            List<String> lits = new ArrayList<>();
            for (int i = 0; i < 1 + rnd.nextInt(20); i++) lits.add(random(rnd, alphabet, 1 + rnd.nextInt(8)));
            String text = random(rnd, alphabet, rnd.nextInt(80));
            BitSet found = new BitSet();
            LiteralIndex.of(lits).scan(text, found);
            for (int i = 0; i < lits.size(); i++) {
                boolean expected = text.toLowerCase(Locale.ROOT).contains(lits.get(i).toLowerCase(Locale.ROOT));
                // Non-ASCII characters fold together: the index may over-report them, never miss.
                if (expected) assertThat(found.get(i)).as("seed %d: %s in %s", seed, lits.get(i), text).isTrue();
                else if (lits.get(i).chars().allMatch(c -> c < 128)) assertThat(found.get(i)).as("seed %d: %s in %s", seed, lits.get(i), text).isFalse();
            }
        }
    }

    private static String random(Random rnd, String alphabet, int len) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        return b.toString();
    }
}
