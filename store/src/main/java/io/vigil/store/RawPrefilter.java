package io.vigil.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * A cheap first look at a stored event (its bytes: {@link StoredEvent}, or JSON in older
 * blocks) before it is decoded and matched:
 * every term a query requires must appear in those bytes, ignoring ASCII case. That is
 * necessary, not sufficient (the exact match follows), and it lets a search whose few matches
 * are spread over many blocks skip decoding nearly every event it reads.
 *
 * <p>Only terms that appear in both forms as they are qualify: printable ASCII without the
 * characters JSON escapes, at least three long, of keyword and text fields (whose values
 * are written as they are; not {@code extra}, whose terms are {@code key=value}, nor booleans).
 */
final class RawPrefilter {
    private static final int MIN_LENGTH = 3;
    private final byte[][] needles;

    private RawPrefilter(byte[][] needles) {
        this.needles = needles;
    }

    static RawPrefilter of(Query q) {
        List<byte[]> out = new ArrayList<>();
        collect(q, out);
        return new RawPrefilter(out.toArray(new byte[0][]));
    }

    private static void collect(Query q, List<byte[]> out) {
        switch (q) {
            case TermQuery t -> add(t.getTerm(), out);
            case PhraseQuery p -> { for (Term t : p.getTerms()) add(t, out); }
            case BoostQuery b -> collect(b.getQuery(), out);
            case ConstantScoreQuery c -> collect(c.getQuery(), out);
            case BooleanQuery b -> {
                for (BooleanClause c : b.clauses()) {
                    if (c.occur() == BooleanClause.Occur.MUST || c.occur() == BooleanClause.Occur.FILTER) collect(c.query(), out);
                }
            }
            default -> { }
        }
    }

    private static void add(Term t, List<byte[]> out) {
        // Keyword, text and id values are in the stored bytes as they are; booleans are not ("false" is left out)
        EventFields.Def def = EventFields.BY_NAME.get(t.field());
        if (def == null || !(def.kind() == EventFields.Kind.KEYWORD || def.kind() == EventFields.Kind.TEXT || def.kind() == EventFields.Kind.ID)) return;
        String text = t.text();
        if (text.length() < MIN_LENGTH) return;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return;
        }
        out.add(text.toLowerCase(Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    boolean isEmpty() {
        return needles.length == 0;
    }

    /** Whether every required term is in {@code bytes[off, off + len)}, ignoring ASCII case. */
    boolean mayMatch(byte[] bytes, int off, int len) {
        for (byte[] n : needles) {
            if (!contains(bytes, off, off + len, n)) return false;
        }
        return true;
    }

    private static boolean contains(byte[] b, int from, int to, byte[] needle) {
        byte first = needle[0];
        int last = to - needle.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (lower(b[i]) != first) continue;
            for (int j = 1; j < needle.length; j++) {
                if (lower(b[i + j]) != needle[j]) continue outer;
            }
            return true;
        }
        return false;
    }

    private static byte lower(byte c) {
        return c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
    }
}
