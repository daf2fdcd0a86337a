package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.util.BytesRefBuilder;
import org.junit.jupiter.api.Test;

class BlockTermsTest {
    @Test
    void countsEachTermOncePerEventLikeAMapOfStrings() {
        Random rnd = new Random(3);
        BlockTerms table = new BlockTerms();
        for (int round = 0; round < 50; round++) {
            table.clear(); // reused, as a block's tables are
            Map<String, Set<Integer>> expected = new HashMap<>();
            int first = round % 5 == 0 ? 100_000 + rnd.nextInt(1 << 20) : 0; // numbers past a char's range
            int vocabulary = 1 + rnd.nextInt(round % 2 == 0 ? 20 : 5_000);
            for (int event = 0; event < 1 + rnd.nextInt(1024); event++) {
                for (int t = rnd.nextInt(40); t > 0; t--) {
                    String term = term(rnd.nextInt(vocabulary));
                    char[] buf = ("##" + term + "#").toCharArray(); // the term inside a larger buffer
                    table.see(buf, 2, term.length(), first + event);
                    expected.computeIfAbsent(term, k -> new HashSet<>()).add(event);
                }
            }
            Map<String, Integer> actual = new HashMap<>();
            BytesRefBuilder scratch = new BytesRefBuilder();
            for (int id = 0; id < table.size(); id++) {
                Integer before = actual.put(table.bytes(id, scratch).utf8ToString(), table.events(id));
                assertThat(before).as("a term is listed once").isNull();
            }
            Map<String, Integer> counts = new HashMap<>();
            expected.forEach((k, v) -> counts.put(k, v.size()));
            assertThat(actual).isEqualTo(counts);
        }
    }

    /** Distinct numbers give distinct terms, some of them non-ASCII, of varied lengths. */
    private static String term(int n) {
        return n % 7 == 0 ? "é" + n + "山" : n % 3 == 0 ? "x".repeat(n % 40) + n : Integer.toString(n, 36);
    }
}
