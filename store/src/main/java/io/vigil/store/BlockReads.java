package io.vigil.store;

import io.vigil.core.event.Event;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;

/**
 * Searching the block layout ({@link EventBlock}): find the candidate blocks with a block
 * query, then read their events and check each one with an {@link EventMatcher}. Results,
 * order (time, then id), cursors and counts are those of the per-event layout.
 */
final class BlockReads {
    private BlockReads() {}

    /** The block file of a day (epoch day), where the events of blocks are. */
    @FunctionalInterface
    interface BlockFiles {
        BlockFile of(long epochDay) throws IOException;
    }

    /**
     * A candidate block: where it is, the range of its events' sort times, how many events
     * it holds and how many of them match (known from the terms' frequencies, else -1).
     */
    private record Block(LeafReaderContext leaf, int doc, long tmin, long tmax, long count, long matching) {}

    /** An event with its sort key (time, then the id as signed-comparable halves, as the per-event sort). */
    record Hit(Event event, long time, long high, long low) {
        static Hit of(Event e) {
            return new Hit(e, EventDocuments.sortTime(e), EventDocuments.sortable(e.id().getMostSignificantBits()),
                    EventDocuments.sortable(e.id().getLeastSignificantBits()));
        }
    }

    static final Comparator<Hit> OLDEST_FIRST = Comparator.comparingLong(Hit::time).thenComparingLong(Hit::high).thenComparingLong(Hit::low);

    /**
     * The blocks whose events may match {@code query} within [lo, hi] (sort time, epoch ms,
     * inclusive); with {@code countMatches}, each one's number of matches where its terms'
     * frequencies tell it.
     */
    private static List<Block> candidates(IndexSearcher searcher, Query query, long lo, long hi, boolean countMatches) throws IOException {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        Query may = BlockQueries.mayMatch(query);
        if (!(may instanceof MatchAllDocsQuery)) b.add(may, BooleanClause.Occur.FILTER);
        b.add(LongPoint.newRangeQuery(EventBlock.TIME_MIN, Long.MIN_VALUE, hi), BooleanClause.Occur.FILTER);
        b.add(LongPoint.newRangeQuery(EventBlock.TIME_MAX, lo, Long.MAX_VALUE), BooleanClause.Occur.FILTER);
        Query blocks = searcher.rewrite(b.build());
        boolean all = query instanceof MatchAllDocsQuery;
        List<Term> terms = countMatches && !all ? BlockQueries.conjunctionTerms(query) : null;
        Weight w = searcher.createWeight(blocks, ScoreMode.COMPLETE_NO_SCORES, 1f);
        List<Block> out = new ArrayList<>();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Scorer s = w.scorer(leaf);
            if (s == null) continue;
            NumericDocValues tmin = leaf.reader().getNumericDocValues(EventBlock.TIME_MIN);
            NumericDocValues tmax = leaf.reader().getNumericDocValues(EventBlock.TIME_MAX);
            NumericDocValues count = leaf.reader().getNumericDocValues(EventBlock.COUNT);
            PostingsEnum[] postings = terms == null ? null : postings(leaf, terms);
            DocIdSetIterator it = s.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                tmin.advanceExact(doc);
                tmax.advanceExact(doc);
                count.advanceExact(doc);
                long n = count.longValue();
                long matching = all ? n : postings == null ? -1 : matching(postings, doc, n);
                out.add(new Block(leaf, doc, tmin.longValue(), tmax.longValue(), n, matching));
            }
        }
        return out;
    }

    private static PostingsEnum[] postings(LeafReaderContext leaf, List<Term> terms) throws IOException {
        PostingsEnum[] out = new PostingsEnum[terms.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = leaf.reader().postings(terms.get(i), PostingsEnum.FREQS);
            if (out[i] == null) return null; // the block query found this leaf, so every term is in it
        }
        return out;
    }

    /**
     * Matches of a conjunction of terms in a block: one term's frequency is its number of
     * events; several terms are known only when each is in every event.
     */
    private static long matching(PostingsEnum[] postings, int doc, long count) throws IOException {
        long least = count;
        for (PostingsEnum p : postings) {
            int at = p.docID() < doc ? p.advance(doc) : p.docID();
            if (at != doc) return -1;
            least = Math.min(least, p.freq());
        }
        return postings.length == 1 || least == count ? least : -1;
    }

    /** The block's events that pass the prefilter, decoded. */
    private static List<Event> events(Block b, RawPrefilter prefilter, BlockFiles files) throws IOException {
        return EventBlock.events(stored(b, files), prefilter);
    }

    /** The block's events as stored: in its day's block file, or (blocks written before) in a stored field. */
    private static BytesRef stored(Block b, BlockFiles files) throws IOException {
        NumericDocValues at = b.leaf().reader().getNumericDocValues(EventBlock.FILE_AT);
        if (at != null && at.advanceExact(b.doc())) {
            NumericDocValues day = b.leaf().reader().getNumericDocValues(EventBlock.FILE_DAY);
            if (day == null || !day.advanceExact(b.doc())) throw new IOException("a block names an offset in a block file but no day");
            return files.of(day.longValue()).read(at.longValue());
        }
        StoredFields stored = b.leaf().reader().storedFields();
        return stored.document(b.doc(), Set.of(EventBlock.EVENTS)).getBinaryValue(EventBlock.EVENTS);
    }

    /**
     * Up to {@code limit} matching events in [lo, hi] after {@code after} (null: from the
     * start), in the given order.
     */
    static List<Hit> search(IndexSearcher searcher, BlockFiles files, Query query, Analyzer analyzer, long lo, long hi, boolean newestFirst,
                            Hit after, int limit) throws IOException {
        Comparator<Hit> order = newestFirst ? OLDEST_FIRST.reversed() : OLDEST_FIRST;
        long from = lo, to = hi;
        if (after != null) {
            if (newestFirst) to = Math.min(to, after.time());
            else from = Math.max(from, after.time());
        }
        List<Block> blocks = candidates(searcher, query, from, to, false);
        // Visit blocks in the order their best event could come, so the visit can stop early.
        blocks.sort(newestFirst ? Comparator.comparingLong(Block::tmax).reversed() : Comparator.comparingLong(Block::tmin));
        PriorityQueue<Hit> best = new PriorityQueue<>(order.reversed()); // head: the worst kept
        EventMatcher matcher = new EventMatcher(query, analyzer);
        RawPrefilter prefilter = RawPrefilter.of(query);
        for (Block b : blocks) {
            if (best.size() >= limit) {
                Hit worst = best.peek();
                if (newestFirst ? b.tmax() < worst.time() : b.tmin() > worst.time()) break;
            }
            for (Event e : events(b, prefilter, files)) {
                Hit h = Hit.of(e);
                if (h.time() < lo || h.time() > hi) continue;
                if (after != null && order.compare(h, after) <= 0) continue;
                if (best.size() >= limit && order.compare(h, best.peek()) >= 0) continue;
                if (!matcher.matches(e)) continue;
                best.add(h);
                if (best.size() > limit) best.poll();
            }
        }
        List<Hit> out = new ArrayList<>(best);
        out.sort(order);
        return out;
    }

    static long count(IndexSearcher searcher, BlockFiles files, Query query, Analyzer analyzer, long lo, long hi) throws IOException {
        long total = 0;
        EventMatcher matcher = new EventMatcher(query, analyzer);
        RawPrefilter prefilter = RawPrefilter.of(query);
        for (Block b : candidates(searcher, query, lo, hi, true)) {
            if (b.matching() >= 0 && b.tmin() >= lo && b.tmax() <= hi) {
                total += b.matching();
                continue;
            }
            for (Event e : events(b, prefilter, files)) {
                long t = EventDocuments.sortTime(e);
                if (t >= lo && t <= hi && matcher.matches(e)) total++;
            }
        }
        return total;
    }

    static Map<String, Long> countBy(IndexSearcher searcher, BlockFiles files, Query query, Analyzer analyzer, long lo, long hi, EventFields.Def def)
            throws IOException {
        Map<String, Long> counts = new HashMap<>();
        EventMatcher matcher = new EventMatcher(query, analyzer);
        RawPrefilter prefilter = RawPrefilter.of(query);
        // Every event of a block inside the range, by a keyword: its terms' frequencies are the counts.
        boolean fromTerms = query instanceof MatchAllDocsQuery && def.kind() == EventFields.Kind.KEYWORD;
        Map<LeafReaderContext, FixedBitSet> whole = new HashMap<>();
        Map<LeafReaderContext, FixedBitSet> longValues = new HashMap<>();
        for (Block b : candidates(searcher, query, lo, hi, false)) {
            if (fromTerms && b.tmin() >= lo && b.tmax() <= hi && !withLongValues(b, def.name(), longValues)) {
                whole.computeIfAbsent(b.leaf(), l -> new FixedBitSet(l.reader().maxDoc())).set(b.doc());
                continue;
            }
            for (Event e : events(b, prefilter, files)) {
                long t = EventDocuments.sortTime(e);
                if (t < lo || t > hi || !matcher.matches(e)) continue;
                String v = switch (def.kind()) {
                    case INT -> {
                        Integer i = def.getInt().apply(e);
                        yield i == null ? null : i.toString();
                    }
                    default -> {
                        String s = def.getString().apply(e);
                        yield s == null ? null : EventDocuments.keyword(s);
                    }
                };
                if (v != null) counts.merge(v, 1L, Long::sum);
            }
        }
        for (Map.Entry<LeafReaderContext, FixedBitSet> leaf : whole.entrySet()) countTerms(leaf.getKey(), def.name(), leaf.getValue(), counts);
        return counts;
    }

    /** Whether the block holds values of {@code field} too long to be terms ({@link EventBlock#LONG_KEYWORD}); per leaf, cached in {@code cache}. */
    private static boolean withLongValues(Block b, String field, Map<LeafReaderContext, FixedBitSet> cache) throws IOException {
        FixedBitSet docs = cache.get(b.leaf());
        if (docs == null) {
            docs = new FixedBitSet(b.leaf().reader().maxDoc());
            PostingsEnum p = b.leaf().reader().postings(new Term(EventBlock.LONG_VALUES, field), PostingsEnum.NONE);
            if (p != null) for (int doc = p.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = p.nextDoc()) docs.set(doc);
            cache.put(b.leaf(), docs);
        }
        return docs.get(b.doc());
    }

    /** Adds each term's frequency in the given blocks (its number of events there) to its count. */
    private static void countTerms(LeafReaderContext leaf, String field, FixedBitSet blocks, Map<String, Long> counts) throws IOException {
        Terms terms = leaf.reader().terms(field);
        if (terms == null) return;
        TermsEnum te = terms.iterator();
        PostingsEnum pe = null;
        for (BytesRef t = te.next(); t != null; t = te.next()) {
            pe = te.postings(pe, PostingsEnum.FREQS);
            long n = 0;
            for (int doc = pe.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = pe.nextDoc()) {
                if (blocks.get(doc)) n += pe.freq();
            }
            if (n > 0) counts.merge(t.utf8ToString(), n, Long::sum);
        }
    }

    /**
     * Whether a block holds the event with this id. Exact without reading a block: each event's
     * id is indexed on its own, as a point (or, in blocks written before, a term).
     */
    static boolean contains(IndexSearcher searcher, UUID id) throws IOException {
        return searcher.count(BlockQueries.mayMatch(new TermQuery(new Term("id", id.toString())))) > 0;
    }

    /** The event with this id, from the blocks of its day. */
    static Event get(IndexSearcher searcher, BlockFiles files, UUID id) throws IOException {
        Query q = new TermQuery(new Term("id", id.toString()));
        RawPrefilter prefilter = RawPrefilter.of(q);
        for (Block b : candidates(searcher, q, Long.MIN_VALUE, Long.MAX_VALUE, false)) {
            for (Event e : events(b, prefilter, files)) if (id.equals(e.id())) return e;
        }
        return null;
    }
}
