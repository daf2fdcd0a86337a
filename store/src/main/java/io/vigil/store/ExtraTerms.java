package io.vigil.store;

import org.apache.lucene.index.Term;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.WildcardQuery;

/**
 * The event's {@code extra} map in the index: one keyword field, {@code extra}, with a term
 * {@code key=value} per entry, rather than a field per key. Decoders give some events dozens
 * of keys (a FortiGate line has 40), and Lucene pays per field, per document and again at
 * every flush and merge; one field costs the same terms without that. Queries keep their
 * syntax: {@code extra.<key>:<value>} becomes the term {@code <key>=<value>}.
 */
final class ExtraTerms {
    static final String FIELD = "extra";

    private ExtraTerms() {}

    /** The indexed term of one entry (cut as keyword values are). */
    static String term(String key, String value) {
        return EventDocuments.keyword(key + "=" + value);
    }

    /** The key of a query field {@code extra.<key>}. */
    static String key(String queryField) {
        return queryField.substring(EventFields.EXTRA_PREFIX.length());
    }

    static Query exact(String key, String value) {
        return new TermQuery(new Term(FIELD, term(key, value)));
    }

    /** {@code extra.<key>:*}: the event has the key. */
    static Query exists(String key) {
        return new PrefixQuery(new Term(FIELD, key + "="));
    }

    static Query prefix(String key, String valuePrefix) {
        return new PrefixQuery(new Term(FIELD, key + "=" + valuePrefix));
    }

    static Query wildcard(String key, String valuePattern) {
        StringBuilder b = new StringBuilder();
        for (char c : (key + "=").toCharArray()) {
            if (c == '*' || c == '?' || c == '\\') b.append('\\');
            b.append(c);
        }
        return new WildcardQuery(new Term(FIELD, b.append(valuePattern).toString()));
    }

    static Query regexp(String key, String valueRegexp) {
        StringBuilder b = new StringBuilder();
        for (char c : (key + "=").toCharArray()) {
            if (!Character.isLetterOrDigit(c)) b.append('\\');
            b.append(c);
        }
        return new RegexpQuery(new Term(FIELD, b.append("(").append(valueRegexp).append(")").toString()));
    }

    static Query fuzzy(String key, String value, int maxEdits) {
        return new FuzzyQuery(new Term(FIELD, key + "=" + value), maxEdits, key.length() + 1);
    }

    /** A range of values of one key; null bounds are open. */
    static Query range(String key, String lo, String hi, boolean startInclusive, boolean endInclusive) {
        String p = key + "=";
        // '>' follows '=': every term of this key sorts before p-with-'>' in place of '='
        return TermRangeQuery.newStringRange(FIELD, lo == null ? p : p + lo, hi == null ? key + ">" : p + hi,
                lo == null || startInclusive, hi != null && endInclusive);
    }
}
