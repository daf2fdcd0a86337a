package io.vigil.store;

import io.vigil.core.event.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Whether one event matches a query, judged exactly as the per-event layout's index would.
 * The block layout uses it on the events of candidate blocks.
 *
 * <p>Queries made of terms, AND, OR and NOT (most of them) are answered directly from the
 * terms the event's own document would have (keywords as indexed, text fields' words). Anything else (phrases, patterns,
 * ranges, fuzzy terms) goes through the event's own document in Lucene's {@link MemoryIndex},
 * which is exact for every query but costs about ten times more. Not thread-safe: one per search.
 */
final class EventMatcher {
    /** A compiled test of one event; tokens of text fields are computed once per event, on demand. */
    private interface Test {
        boolean test(View v);
    }

    /**
     * The event being tested, with the terms its own document would have: taken from
     * {@link EventDocuments#index}, so the test and the index cannot disagree; text fields are
     * tokenized only when a query asks for one of their words.
     */
    private final class View implements EventDocuments.Sink {
        private final Map<String, Set<String>> terms = new HashMap<>();
        private final Map<String, List<String>> texts = new HashMap<>(4);
        private final Map<String, Set<String>> tokens = new HashMap<>(4);

        View(Event e) {
            EventDocuments.index(e, this);
        }

        boolean has(String field, String term) {
            Set<String> exact = terms.get(field);
            if (exact != null && exact.contains(term)) return true;
            List<String> text = texts.get(field);
            return text != null && tokens.computeIfAbsent(field, f -> analyze(f, text)).contains(term);
        }

        @Override public void term(String field, String term) { terms.computeIfAbsent(field, k -> new HashSet<>()).add(term); }
        @Override public void text(String field, String text) { texts.computeIfAbsent(field, k -> new ArrayList<>(1)).add(text); }
        // Points answer ranges, which go through the index (compile returns null for them).
        @Override public void longPoint(String field, long value) { }
        @Override public void intPoint(String field, int value) { }
        @Override public void address(String field, String literal) { }
    }

    private final Query query;
    private final Analyzer analyzer;
    private final Test direct;
    private final MemoryIndex index;

    EventMatcher(Query query, Analyzer analyzer) {
        this.query = query;
        this.analyzer = analyzer;
        this.direct = compile(query);
        this.index = direct == null ? new MemoryIndex(false, false) : null;
    }

    boolean matches(Event e) {
        if (direct != null) return direct.test(new View(e));
        index.reset();
        for (IndexableField f : EventDocuments.build(e, false)) index.addField(f, analyzer);
        try {
            // count, not search: a query of filters scores 0 when it matches
            return index.createSearcher().count(query) > 0;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex); // in memory: cannot happen
        }
    }

    /** A direct test equivalent to the query, or null if the query has a part only the index can judge. */
    private Test compile(Query q) {
        return switch (q) {
            case MatchAllDocsQuery m -> v -> true;
            case MatchNoDocsQuery n -> v -> false;
            case BoostQuery b -> compile(b.getQuery());
            case ConstantScoreQuery c -> compile(c.getQuery());
            case TermQuery t -> {
                String field = t.getTerm().field();
                String text = t.getTerm().text();
                yield v -> v.has(field, text);
            }
            case BooleanQuery b -> bool(b);
            default -> null;
        };
    }

    private Test bool(BooleanQuery b) {
        List<Test> must = new ArrayList<>();
        List<Test> not = new ArrayList<>();
        List<Test> should = new ArrayList<>();
        for (BooleanClause c : b.clauses()) {
            Test t = compile(c.query());
            if (t == null) return null;
            switch (c.occur()) {
                case MUST, FILTER -> must.add(t);
                case MUST_NOT -> not.add(t);
                case SHOULD -> should.add(t);
            }
        }
        // Lucene: SHOULD clauses are required only with a minimum, or when nothing else is
        int minShould = b.getMinimumNumberShouldMatch() > 0 ? b.getMinimumNumberShouldMatch() : must.isEmpty() ? 1 : 0;
        if (must.isEmpty() && should.isEmpty()) return v -> false; // only negations: Lucene matches nothing
        return v -> {
            for (Test t : must) if (!t.test(v)) return false;
            for (Test t : not) if (t.test(v)) return false;
            if (minShould == 0) return true;
            int n = 0;
            for (Test t : should) if (t.test(v) && ++n >= minShould) return true;
            return false;
        };
    }

    private Set<String> analyze(String field, List<String> texts) {
        Set<String> out = new HashSet<>();
        for (String text : texts) {
            try (TokenStream ts = analyzer.tokenStream(field, text)) {
                CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
                ts.reset();
                while (ts.incrementToken()) out.add(term.toString());
                ts.end();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex); // analyzing a string: cannot happen
            }
        }
        return out;
    }
}
