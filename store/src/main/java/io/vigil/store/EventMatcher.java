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
 * event: a keyword field's value, a text field's tokens. Anything else (phrases, patterns,
 * ranges, fuzzy terms) goes through the event's own document in Lucene's {@link MemoryIndex},
 * which is exact for every query but costs about ten times more. Not thread-safe: one per search.
 */
final class EventMatcher {
    /** A compiled test of one event; tokens of text fields are computed once per event, on demand. */
    private interface Test {
        boolean test(View v);
    }

    /** The event being tested, with its text fields' tokens as the index has them. */
    private final class View {
        final Event e;
        private final Map<String, Set<String>> tokens = new HashMap<>(4);

        View(Event e) {
            this.e = e;
        }

        Set<String> tokens(EventFields.Def def) {
            return tokens.computeIfAbsent(def.name(), k -> analyze(k, def.getString().apply(e)));
        }
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
            case TermQuery t -> term(t.getTerm().field(), t.getTerm().text());
            case BooleanQuery b -> bool(b);
            default -> null;
        };
    }

    private Test term(String field, String text) {
        if (field.equals(ExtraTerms.FIELD)) {
            return v -> {
                for (Map.Entry<String, String> x : v.e.extra().entrySet()) {
                    if (x.getKey() != null && x.getValue() != null && ExtraTerms.term(x.getKey(), x.getValue()).equals(text)) return true;
                }
                return false;
            };
        }
        if (field.equals(EventDocuments.MESSAGE_PRESENT)) {
            return v -> text.equals("1") && v.e.message() != null && v.e.log() != null && v.e.log().contains(v.e.message());
        }
        EventFields.Def def = EventFields.BY_NAME.get(field);
        if (def == null) return null;
        return switch (def.kind()) {
            case ID -> v -> v.e.id() != null && v.e.id().toString().equals(text);
            case KEYWORD -> v -> {
                String s = def.getString().apply(v.e);
                return s != null && EventDocuments.keyword(s).equals(text);
            };
            case BOOL -> v -> (def.getBool().apply(v.e) ? "true" : "false").equals(text);
            case TEXT -> v -> {
                String s = def.getString().apply(v.e);
                if (s == null) return false;
                // a message inside the log is indexed only there (EventDocuments)
                if (def.name().equals(EventDocuments.MESSAGE) && v.e.log() != null && v.e.log().contains(s)) return false;
                return v.tokens(def).contains(text);
            };
            default -> null; // numbers and times are points: ranges go through the index
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

    private Set<String> analyze(String field, String text) {
        Set<String> out = new HashSet<>();
        try (TokenStream ts = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) out.add(term.toString());
            ts.end();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex); // analyzing a string: cannot happen
        }
        return out;
    }
}
