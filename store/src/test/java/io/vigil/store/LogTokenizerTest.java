package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.junit.jupiter.api.Test;

class LogTokenizerTest {
    /** Tokens, a part stacked on the previous token's position written as "+part". */
    static List<String> tokens(boolean parts, String text) throws IOException {
        List<String> out = new ArrayList<>();
        try (Analyzer a = new LogAnalyzer(parts); TokenStream ts = a.tokenStream("log", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
            OffsetAttribute off = ts.addAttribute(OffsetAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add((inc.getPositionIncrement() == 0 ? "+" : "") + term);
                assertThat(off.endOffset()).isLessThanOrEqualTo(text.length());
            }
            ts.end();
        }
        return out;
    }

    @Test
    void indexing() throws IOException {
        assertThat(tokens(true, "sshd[4242]: Failed password for root from 192.168.1.10 port 22."))
                .containsExactly("sshd", "4242", "failed", "password", "for", "root", "from", "192.168.1.10", "+192", "+168", "+1", "+10", "port", "22");
        assertThat(tokens(true, "GET /a/b.php?user=Bob&x=\"1\" (web-01.example.com)"))
                .containsExactly("get", "a/b.php", "+a", "+b", "+php", "user", "bob", "x", "1", "web-01.example.com", "+web", "+01", "+example", "+com");
        assertThat(tokens(true, "--- ... :: Überprüfung fehlgeschlagen für 山田 ---"))
                .containsExactly("überprüfung", "fehlgeschlagen", "für", "山田");
        assertThat(tokens(true, "")).isEmpty();
    }

    @Test
    void theBlockLayoutsTokensAreTheAnalyzers() throws IOException {
        // Blocks collect terms without the analyzer (LogTokenizer.forEachIndexToken): the
        // same terms, or searches would miss what was stored.
        Random rnd = new Random(5);
        String[] pieces = {"a", "B", "z9", "É", "ß", "山", "\u0301", "\uD83D\uDE00", "İ", ".", ":", "/", "-", "_", "@", "#", " ", "[", "]", "=", "\"", ",", "\t", "x".repeat(300)};
        for (int round = 0; round < 3_000; round++) {
            StringBuilder b = new StringBuilder();
            for (int i = rnd.nextInt(30); i > 0; i--) b.append(pieces[rnd.nextInt(pieces.length)]);
            String text = b.toString();
            List<String> expected = new ArrayList<>();
            for (String t : tokens(true, text)) expected.add(t.startsWith("+") ? t.substring(1) : t);
            List<String> direct = new ArrayList<>();
            char[] chars = text.toCharArray();
            LogTokenizer.forEachIndexToken(chars, chars.length, (buf, start, end) -> {
                char[] lower = java.util.Arrays.copyOfRange(buf, start, end);
                org.apache.lucene.analysis.CharacterUtils.toLowerCase(lower, 0, lower.length);
                direct.add(new String(lower));
            });
            assertThat(direct).as(text).isEqualTo(expected);
        }
    }

    @Test
    void queriesUseWholeTokens() throws IOException {
        assertThat(tokens(false, "192.168.1.10")).containsExactly("192.168.1.10");
        assertThat(tokens(false, "user=root")).containsExactly("user", "root");
    }

    @Test
    void longTokensAreCut() throws IOException {
        String big = "a".repeat(300) + ".b";
        List<String> t = tokens(true, big + " next");
        assertThat(t.get(0)).hasSize(LogTokenizer.MAX_TOKEN);
        assertThat(t).contains("+b", "next");
        assertThat(tokens(false, big)).containsExactly("a".repeat(LogTokenizer.MAX_TOKEN));
        assertThat(tokens(true, "x".repeat(200_000))).hasSize(1);
    }
}
