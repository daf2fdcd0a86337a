package io.vigil.store;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.lucene.document.BinaryPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.AutomatonQuery;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.MultiPhraseQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PointInSetQuery;
import org.apache.lucene.search.PointRangeQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Turns a query on events into queries on blocks ({@link EventBlock}).
 *
 * <p>{@link #mayMatch}: a block matches it whenever one of its events may match the event
 * query. Terms, patterns and ranges carry over unchanged (a block holds every value of its
 * events); a phrase becomes its terms; a negation, or any query this class does not know,
 * becomes "any block", which is always safe. The events of the blocks found are then checked
 * one by one.
 *
 * <p>{@link #conjunctionTerms}: the terms of a query that only requires terms, whose
 * matches in a block its terms' frequencies can tell (see {@link EventBlock}).
 */
final class BlockQueries {
    private static final String ID = "id";

    private BlockQueries() {}

    static Query mayMatch(Query q) {
        return switch (q) {
            case BooleanQuery b -> mayMatchBoolean(b);
            case BoostQuery b -> mayMatch(b.getQuery());
            case ConstantScoreQuery c -> mayMatch(c.getQuery());
            case PhraseQuery p -> allOf(p.getTerms());
            case MultiPhraseQuery p -> multiPhrase(p);
            case TermQuery t -> ID.equals(t.getTerm().field()) ? id(t) : keyword(t);
            // ids are points in blocks, not terms: a pattern on them can rule no block out
            case AutomatonQuery a -> ID.equals(a.getField()) ? new MatchAllDocsQuery() : orLongValues(a, a.getField()); // prefix, wildcard, regexp, term range
            case FuzzyQuery f -> ID.equals(f.getField()) ? new MatchAllDocsQuery() : orLongValues(f, f.getField());
            case PointRangeQuery r -> r;
            case PointInSetQuery s -> s;
            case MatchNoDocsQuery n -> n;
            default -> new MatchAllDocsQuery();
        };
    }

    /** Blocks that hold this id: as a point, or as a term in blocks written before ids were points. */
    private static Query id(TermQuery t) {
        UUID id;
        try {
            id = UUID.fromString(t.getTerm().text());
        } catch (IllegalArgumentException notAnId) {
            return t; // no event has it; the term finds no block either
        }
        return new BooleanQuery.Builder()
                .add(t, BooleanClause.Occur.SHOULD)
                .add(BinaryPoint.newExactQuery(EventBlock.ID_POINT, EventBlock.idBytes(id)), BooleanClause.Occur.SHOULD)
                .build();
    }

    /**
     * A keyword value longer than {@link EventBlock#LONG_KEYWORD} is a hash point in blocks
     * (or a term in blocks written before); shorter values and text terms stay terms.
     */
    private static Query keyword(TermQuery t) {
        String field = t.getTerm().field();
        String value = t.getTerm().text();
        if (value.length() <= EventBlock.LONG_KEYWORD || !isKeyword(field)) return t;
        return new BooleanQuery.Builder()
                .add(t, BooleanClause.Occur.SHOULD)
                .add(LongPoint.newExactQuery(field + EventBlock.HASH_SUFFIX, EventBlock.valueHash(value)), BooleanClause.Occur.SHOULD)
                .build();
    }

    /** A pattern on a keyword field may match long values, which are not terms: blocks holding any may match too. */
    private static Query orLongValues(Query q, String field) {
        if (!isKeyword(field)) return q;
        return new BooleanQuery.Builder()
                .add(q, BooleanClause.Occur.SHOULD)
                .add(new TermQuery(new Term(EventBlock.LONG_VALUES, field)), BooleanClause.Occur.SHOULD)
                .build();
    }

    private static boolean isKeyword(String field) {
        EventFields.Def def = EventFields.BY_NAME.get(field);
        return def != null && def.kind() == EventFields.Kind.KEYWORD;
    }

    private static Query mayMatchBoolean(BooleanQuery b) {
        BooleanQuery.Builder out = new BooleanQuery.Builder();
        boolean required = false;
        int optional = 0;
        for (BooleanClause c : b.clauses()) {
            switch (c.occur()) {
                case MUST, FILTER -> {
                    Query r = mayMatch(c.query());
                    if (!(r instanceof MatchAllDocsQuery)) {
                        out.add(r, BooleanClause.Occur.FILTER);
                        required = true;
                    }
                }
                case SHOULD -> optional++;
                case MUST_NOT -> { } // an event without X says nothing of its block
            }
        }
        boolean shouldMatters = optional > 0 && (b.getMinimumNumberShouldMatch() > 0 || !hasRequired(b));
        if (shouldMatters) {
            BooleanQuery.Builder any = new BooleanQuery.Builder();
            for (BooleanClause c : b.clauses()) {
                if (c.occur() != BooleanClause.Occur.SHOULD) continue;
                Query r = mayMatch(c.query());
                if (r instanceof MatchAllDocsQuery) return required ? out.build() : r;
                any.add(r, BooleanClause.Occur.SHOULD);
            }
            out.add(any.build(), BooleanClause.Occur.FILTER);
            required = true;
        }
        return required ? out.build() : new MatchAllDocsQuery();
    }

    private static boolean hasRequired(BooleanQuery b) {
        return b.clauses().stream().anyMatch(c -> c.occur() == BooleanClause.Occur.MUST || c.occur() == BooleanClause.Occur.FILTER);
    }

    private static Query allOf(Term[] terms) {
        BooleanQuery.Builder out = new BooleanQuery.Builder();
        for (Term t : terms) out.add(new TermQuery(t), BooleanClause.Occur.FILTER);
        return out.build();
    }

    private static Query multiPhrase(MultiPhraseQuery p) {
        BooleanQuery.Builder out = new BooleanQuery.Builder();
        for (Term[] position : p.getTermArrays()) {
            BooleanQuery.Builder any = new BooleanQuery.Builder();
            for (Term t : position) any.add(new TermQuery(t), BooleanClause.Occur.SHOULD);
            out.add(any.build(), BooleanClause.Occur.FILTER);
        }
        return out.build();
    }

    /**
     * The terms of a query that is one term or a conjunction of terms (each event must have
     * them all), or null for any other query.
     */
    static List<Term> conjunctionTerms(Query q) {
        List<Term> out = new ArrayList<>();
        return conjunction(q, out) ? out : null;
    }

    private static boolean conjunction(Query q, List<Term> out) {
        return switch (q) {
            case TermQuery t -> out.add(t.getTerm());
            case BoostQuery b -> conjunction(b.getQuery(), out);
            case ConstantScoreQuery c -> conjunction(c.getQuery(), out);
            case BooleanQuery b -> {
                for (BooleanClause c : b.clauses()) {
                    boolean required = c.occur() == BooleanClause.Occur.MUST || c.occur() == BooleanClause.Occur.FILTER;
                    if (!required || !conjunction(c.query(), out)) yield false;
                }
                yield !out.isEmpty();
            }
            default -> false;
        };
    }
}
